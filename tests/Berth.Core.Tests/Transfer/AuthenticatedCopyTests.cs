using Berth.Auth;
using Berth.Distribution;
using Berth.Errors;
using Berth.References;
using Berth.Testing;
using Berth.Transfer;

namespace Berth.Core.Tests.Transfer;

/// <summary>
/// Copies into a registry that verifies token scopes (the fixtures' token issuer): pushing needs
/// push on the target, and a cross-repository mount needs pull on the source repository in the same token.
/// </summary>
[Collection(TransferRegistries.Name)]
public sealed class AuthenticatedCopyTests(TransferWorld world)
{
    [Fact]
    public async Task Push_and_mount_work_with_scoped_tokens_and_a_refused_push_leaves_no_tag()
    {
        await using var issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { ["writer"] = "write-pw" },
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>>
            {
                ["writer"] = [new AccessGrant("team/*", "pull", "push"), new AccessGrant("readonly/*", "pull")],
            },
        });
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = issuer });
        using var from = world.Client(world.Source);
        using var to = new RegistryClient(new RegistryClientOptions
        {
            Registry = RegistryHost.Parse(registry.Host),
            Credentials = new StaticCredentialProvider(RegistryCredential.Basic("writer", "write-pw")),
        });

        var pushed = await new ImageCopier(new RegistryImageEndpoint(from, "app", "1"), new RegistryImageEndpoint(to, "team/app", "1")).CopyAsync();
        Assert.Equal(world.App.Digest, pushed.ManifestDigest?.Value);
        Assert.Equal(4, pushed.BlobsCopied);

        var mounted = await new ImageCopier(new RegistryImageEndpoint(to, "team/app", "1"), new RegistryImageEndpoint(to, "team/copy", "1")).CopyAsync();
        Assert.Equal(4, mounted.BlobsMounted);
        Assert.Equal(0, mounted.BytesCopied);
        Assert.Contains(issuer.RequestedScopes, s => s.Contains("team/app:pull", StringComparison.Ordinal));

        var refused = await Record.ExceptionAsync(() =>
            new ImageCopier(new RegistryImageEndpoint(from, "app", "2"), new RegistryImageEndpoint(to, "readonly/app", "2")).CopyAsync());
        Assert.True(refused is RegistryException or RegistryAuthenticationException, refused?.ToString());
        Assert.Null(await to.HeadManifestAsync("readonly/app", "2"));
    }
}
