using System.Net;
using Berth.Errors;

namespace Berth.Cli.Remote;

/// <summary>A Berth server refused a request; its problem detail is the message, its status decides the category.</summary>
internal sealed class ServerRequestException(HttpStatusCode status, string message) : BerthException(message)
{
    public HttpStatusCode Status { get; } = status;

    public override ErrorCategory Category => Status switch
    {
        HttpStatusCode.BadRequest => ErrorCategory.Usage,
        HttpStatusCode.Unauthorized => ErrorCategory.Unauthenticated,
        HttpStatusCode.Forbidden => ErrorCategory.Denied,
        HttpStatusCode.NotFound => ErrorCategory.NotFound,
        HttpStatusCode.Conflict => ErrorCategory.Conflict,
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => ErrorCategory.Transient,
        _ => ErrorCategory.Failed,
    };
}
