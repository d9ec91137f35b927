namespace Berth.Content;

/// <summary>
/// A stream that verifies the content it hands out, and lets its consumer take the check over (a wrapper such as
/// a progress counter passes the request through to the stream it wraps).
/// </summary>
internal interface IVerifyingStream
{
    /// <summary>The check, now the caller's to run over every byte read, in order; null when it cannot be handed over.</summary>
    ContentVerifier? TakeVerification();
}
