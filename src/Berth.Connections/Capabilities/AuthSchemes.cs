namespace Berth.Connections.Capabilities;

/// <summary>The values of <see cref="RegistryCapabilities.Auth"/>.</summary>
public static class AuthSchemes
{
    public const string Basic = "basic";

    public const string Bearer = "bearer";

    /// <summary>The registry answered <c>/v2/</c> without a challenge.</summary>
    public const string Anonymous = "anonymous";
}
