namespace Berth.Server.Limits;

/// <summary>Which of the server's request limits a request counts against.</summary>
internal enum RequestLimit
{
    None,

    /// <summary>Unknown, revoked or malformed tokens and failed dashboard sign-ins, per client address.</summary>
    FailedAuthentications,

    /// <summary>Requests of one valid API token.</summary>
    TokenRequests,
}
