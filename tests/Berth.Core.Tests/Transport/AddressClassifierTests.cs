using System.Net;
using Berth.Transport;

namespace Berth.Core.Tests.Transport;

/// <summary>Every textual form of a link-local or metadata address is refused; loopback and ordinary addresses are not.</summary>
public sealed class AddressClassifierTests
{
    public static TheoryData<string, string?> Hosts => new()
    {
        // host as typed (URL host, realm host, Location host, DNS answer), words of the reason (null: allowed)
        { "169.254.169.254", "cloud metadata" },
        { "[169.254.169.254]", "cloud metadata" },
        { "::ffff:169.254.169.254", "cloud metadata" },
        { "[::ffff:169.254.169.254]", "IPv4-mapped" },
        { "[::ffff:a9fe:a9fe]", "cloud metadata" },
        { "[::169.254.169.254]", "IPv4-compatible" },
        { "[64:ff9b::a9fe:a9fe]", "NAT64" },
        { "[64:ff9b::169.254.169.254]", "cloud metadata" },
        { "[64:ff9b:1:a9fe:a9:fe00::]", "local-use NAT64" },
        { "[2002:a9fe:a9fe::1]", "6to4" },
        { "[2001:0:4136:e378:8000:63bf:5601:5601]", "Teredo" },
        { "0xa9.0xfe.0xa9.0xfe", "cloud metadata" },
        { "0xa9fea9fe", "cloud metadata" },
        { "0251.0376.0251.0376", "cloud metadata" },
        { "2852039166", "cloud metadata" },
        { "169.254.43518", "cloud metadata" },
        { "169.254.170.2", "cloud metadata" },
        { "100.100.100.200", "cloud metadata" },
        { "192.0.0.192", "cloud metadata" },
        { "168.63.129.16", "cloud metadata" },
        { "fd00:ec2::254", "cloud metadata" },
        { "[fd20:ce::254]", "cloud metadata" },
        { "169.254.0.1", "link-local address (169.254.0.0/16)" },
        { "169.254.255.255", "link-local" },
        { "fe80::1", "link-local address (fe80::/10)" },
        { "fe80::1%lo", "link-local" },
        { "[fe80::1%25eth0]", "link-local" },
        { "febf::1", "link-local" },
        { "metadata.google.internal", "cloud metadata service name" },
        { "METADATA.google.internal.", "cloud metadata service name" },
        { "metadata", "cloud metadata service name" },
        { "instance-data.ec2.internal", "cloud metadata service name" },
        { "127.0.0.1", null },
        { "localhost", null },
        { "[::1]", null },
        { "::ffff:127.0.0.1", null },
        { "10.0.0.5", null },
        { "192.168.1.10", null },
        { "169.253.255.255", null },
        { "169.255.0.1", null },
        { "fec0::1", null },
        { "[2001:db8::1]", null },
        { "[64:ff9b::a00:1]", null },
        { "registry.example.com", null },
        { "metadata.example.com", null },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void A_host_is_classified_by_its_text(string host, string? reason)
    {
        var why = AddressClassifier.ClassifyName(host);
        if (reason is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.NotNull(why);
            Assert.Contains(reason, why, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("::ffff:169.254.169.254", "cloud metadata address: it is 169.254.169.254 as an IPv4-mapped IPv6 address")]
    [InlineData("::169.254.1.1", "link-local address (169.254.0.0/16): it is 169.254.1.1 as an IPv4-compatible")]
    [InlineData("64:ff9b::a9fe:a9fe", "cloud metadata address: it is 169.254.169.254 behind NAT64")]
    public void A_resolved_address_names_what_it_carries(string address, string reason) =>
        Assert.Contains(reason, AddressClassifier.Classify(IPAddress.Parse(address)), StringComparison.Ordinal);

    [Fact]
    public async Task The_policy_refuses_a_metadata_literal_or_name_without_connecting()
    {
        var refused = await Assert.ThrowsAsync<RestrictedAddressException>(() => AddressPolicy.Default.ResolveAsync("[::ffff:169.254.169.254]", CancellationToken.None));
        Assert.Equal(IPAddress.Parse("::ffff:169.254.169.254"), refused.Address);
        Assert.Contains("cloud metadata", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'[::ffff:169.254.169.254]' is a cloud metadata address", refused.Finding, StringComparison.Ordinal);

        var hex = await Assert.ThrowsAsync<RestrictedAddressException>(() => AddressPolicy.Default.ResolveAsync("0xa9.0xfe.0xa9.0xfe", CancellationToken.None));
        Assert.Equal("'0xa9.0xfe.0xa9.0xfe' is 169.254.169.254, a cloud metadata address", hex.Finding);

        var byName = await Assert.ThrowsAsync<RestrictedAddressException>(() => AddressPolicy.Default.ResolveAsync("metadata.google.internal", CancellationToken.None));
        Assert.Null(byName.Address);
        Assert.Contains("refused to connect to metadata.google.internal", byName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_stays_allowed_and_the_test_policy_allows_link_local()
    {
        Assert.Contains(IPAddress.Loopback, await AddressPolicy.Default.ResolveAsync("127.0.0.1", CancellationToken.None));
        Assert.NotEmpty(await AddressPolicy.Default.ResolveAsync("localhost", CancellationToken.None));
        Assert.Equal([IPAddress.Parse("169.254.169.254")], await AddressPolicy.AllowingLinkLocal.ResolveAsync("169.254.169.254", CancellationToken.None));
    }

    [Fact]
    public async Task The_early_check_answers_a_refusal_or_null()
    {
        Assert.Contains("link-local", (await AddressPolicy.Default.CheckAsync("169.254.10.20", CancellationToken.None))!.Finding, StringComparison.Ordinal);
        Assert.Null(await AddressPolicy.Default.CheckAsync("127.0.0.1", CancellationToken.None));
    }
}
