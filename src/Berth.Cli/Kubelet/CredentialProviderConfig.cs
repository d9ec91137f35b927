namespace Berth.Cli.Kubelet;

/// <summary>The kubelet's <c>--image-credential-provider-config</c> file (kubelet.config.k8s.io/v1).</summary>
internal sealed record CredentialProviderConfig(string ApiVersion, string Kind, IReadOnlyList<KubeletProvider> Providers);

/// <summary>One exec plugin: its executable name in <c>--image-credential-provider-bin-dir</c>, the images it serves, its environment.</summary>
internal sealed record KubeletProvider(
    string Name,
    IReadOnlyList<string> MatchImages,
    string DefaultCacheDuration,
    string ApiVersion,
    IReadOnlyList<KubeletEnvVar>? Env);

/// <summary>An environment variable the kubelet sets for the plugin.</summary>
internal sealed record KubeletEnvVar(string Name, string Value);
