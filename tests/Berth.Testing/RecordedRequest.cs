namespace Berth.Testing;

/// <summary>One request an <see cref="IsolatedWebServer"/> received.</summary>
public sealed record RecordedRequest(string LocalAddress, string Method, string Host, string PathAndQuery, string? Authorization);
