using Berth.Connections.Secrets;
using Berth.Connections.Storage;

namespace Berth.Connections.Tests.Storage;

public abstract partial class ConnectionStoreContract
{
    [Fact]
    public async Task Connection_names_by_id_come_from_one_lookup_that_decrypts_nothing()
    {
        var counting = new CountingProtector(new AesGcmSecretProtector(Key));
        var store = await OpenAsync(counting);
        var org = await store.EnsureOrganizationAsync("acme", default);
        var a = await store.AddConnectionAsync(Sample(org.Id, "alpha"), default);
        var b = await store.AddConnectionAsync(Sample(org.Id, "bravo"), default);
        var removed = await store.AddConnectionAsync(Sample(org.Id, "gone"), default);
        await store.RemoveConnectionAsync(removed.Id, default);

        var lookup = Assert.IsAssignableFrom<IConnectionNameLookup>(store);
        var before = counting.Unprotected;
        var names = await lookup.ConnectionNamesAsync([a.Id, b.Id, a.Id, removed.Id, Guid.NewGuid()], default);
        Assert.Equal(before, counting.Unprotected);
        Assert.Equal(new Dictionary<Guid, string> { [a.Id] = "alpha", [b.Id] = "bravo" }, names);
        Assert.Empty(await lookup.ConnectionNamesAsync([], default));

        // Loading a whole connection does decrypt (the counter sees it), which is what the lookup spares a list.
        await store.GetConnectionAsync(a.Id, default);
        Assert.True(counting.Unprotected > before);
    }

    private sealed class CountingProtector(ISecretProtector inner) : ISecretProtector
    {
        private int _unprotected;

        public int Unprotected => Volatile.Read(ref _unprotected);

        public string KeyId => inner.KeyId;

        public string KeySource => inner.KeySource;

        public string Protect(string plaintext, string context) => inner.Protect(plaintext, context);

        public string Unprotect(string envelope, string context)
        {
            Interlocked.Increment(ref _unprotected);
            return inner.Unprotect(envelope, context);
        }

        public IKeyRotation BeginRotation(string? newKeyFile) => inner.BeginRotation(newKeyFile);
    }
}
