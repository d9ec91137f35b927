using System.Collections.Concurrent;
using Berth.Connections.UseCases;

namespace Berth.Server.Api;

/// <summary>
/// The JSON of list pages already answered, kept while the data behind them is unchanged: each entry carries the
/// version (<see cref="ConnectionUseCases.ListVersionAsync"/>) it was built at and is used only while the store still
/// reports that version, which database triggers move on every write by any process or replica. So a repeated list
/// costs one indexed read of that number instead of reading, shaping and serialising every row, and is never stale.
/// </summary>
internal sealed class ListAnswerCache
{
    /// <summary>Past this many answers the cache starts afresh.</summary>
    public const int MaxEntries = 1_000;

    /// <summary>Past this many bytes of kept JSON the cache starts afresh: the bound on its memory (a 1,000-row page is about 0.7 MB).</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, ListAnswer> _answers = new(StringComparer.Ordinal);
    private long _bytes;

    /// <summary>The key of one caller's view of one page: organization, the connections a ci token is limited to, path and query.</summary>
    public static string Key(Actor actor, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var only = actor.OnlyConnections is null ? "*" : string.Join(',', actor.OnlyConnections.Order(StringComparer.OrdinalIgnoreCase));
        return $"{actor.OrganizationId:N}|{only}|{request.PathBase}{request.Path}{request.QueryString}";
    }

    public bool TryGet(string key, long version, out ListAnswer answer)
    {
        if (_answers.TryGetValue(key, out var found) && found.Version == version)
        {
            answer = found;
            return true;
        }

        answer = null!;
        return false;
    }

    public void Set(string key, ListAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Json.Length > MaxBytes)
        {
            return;
        }

        if (_answers.Count >= MaxEntries || Interlocked.Add(ref _bytes, answer.Json.Length) > MaxBytes)
        {
            _answers.Clear();
            Interlocked.Exchange(ref _bytes, answer.Json.Length);
        }

        _answers[key] = answer;
    }

    /// <summary>Answers kept now and their bytes, as counted (for tests).</summary>
    internal (int Count, long Bytes) Size => (_answers.Count, Interlocked.Read(ref _bytes));
}

/// <summary>A list page's JSON body and Link header as first answered, at <see cref="Version"/>.</summary>
internal sealed record ListAnswer(long Version, byte[] Json, string? Link) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Json.Length;
        if (Link is not null)
        {
            response.Headers.Link = Link;
        }

        return response.Body.WriteAsync(Json, httpContext.RequestAborted).AsTask();
    }
}
