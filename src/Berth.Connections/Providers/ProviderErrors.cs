using System.Net;
using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>How a provider API's failure is categorized: by the status it answered, else by why there was no answer.</summary>
internal static class ProviderErrors
{
    public static ErrorCategory Categorize(int? statusCode, Exception? cause) =>
        statusCode is { } status ? ErrorCategories.FromStatus((HttpStatusCode)status)
        : cause is HttpRequestException or TimeoutException or OperationCanceledException ? ErrorCategory.Unreachable
        : ErrorCategory.Failed;
}
