namespace Berth.DockerConfig;

/// <summary>The two on-disk shapes docker understands.</summary>
public enum DockerConfigFormat
{
    /// <summary><c>~/.docker/config.json</c>: <c>{"auths": {...}, "credsStore": ..., "credHelpers": {...}}</c>.</summary>
    ConfigJson,

    /// <summary>Legacy <c>~/.dockercfg</c>: a top-level map of server to <c>{"auth", "email"}</c>.</summary>
    LegacyDockercfg,
}
