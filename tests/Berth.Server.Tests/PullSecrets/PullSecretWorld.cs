using Berth.Connections.Providers;
using Berth.Connections.PullSecrets;
using Berth.Connections.Secrets;
using Berth.Connections.Storage;
using Berth.Connections.UseCases;
using Berth.Kubernetes;
using Berth.Testing;
using Berth.Testing.Kubernetes;
using Berth.Testing.Providers;
using Berth.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.PullSecrets;

/// <summary>
/// One test's world: a SQLite store with a fake clock, the fake Kubernetes API server on HTTPS (its own CA, given to
/// targets as their CA bundle), a fake ECR token endpoint on the same clock, and the use cases the server wires.
/// </summary>
internal sealed class PullSecretWorld : IAsyncDisposable
{
    public const string EcrHost = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    // Looks like a service-account JWT; unique, so a search for it anywhere cannot match by accident.
    public static readonly string ClusterToken = "eyJhbGciOiJSUzI1NiJ9.kube-" + Guid.NewGuid().ToString("N") + ".sig";

    private readonly TempDirectory _dir;
    private readonly TestCertificateAuthority _ca;
    private readonly IssuedCertificate _certificate;

    private PullSecretWorld(TempDirectory dir, TestCertificateAuthority ca, IssuedCertificate certificate)
    {
        _dir = dir;
        _ca = ca;
        _certificate = certificate;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public string DataDirectory => _dir.Path;

    public string CaPem => _ca.CaCertificatePem;

    public FakeKubernetesApi Kube { get; private set; } = null!;

    public FakeEcr Ecr { get; private set; } = null!;

    public IConnectionStore Store { get; private set; } = null!;

    public IPullSecretStore Targets { get; private set; } = null!;

    public ConnectionUseCases Connections { get; private set; } = null!;

    public PullSecretUseCases PullSecrets { get; private set; } = null!;

    public Actor Actor { get; private set; } = null!;

    public static async Task<PullSecretWorld> StartAsync()
    {
        var dir = new TempDirectory("berth-pullsecrets");
        var ca = TestCertificateAuthority.Create(Path.Combine(dir.Path, "ca"));
        var certificate = ca.IssueServerCertificate(Path.Combine(dir.Path, "server"));
        var world = new PullSecretWorld(dir, ca, certificate);
        world.Kube = await FakeKubernetesApi.StartAsync(certificate.Certificate, ClusterToken);
        world.Ecr = await FakeEcr.StartAsync(world.Clock);
        var data = Path.Combine(dir.Path, "data");
        var protector = AesGcmSecretProtector.Load(data, _ => null);
        world.Store = await StoreFactory.OpenAsync(null, data, protector, world.Clock, CancellationToken.None);
        world.Targets = await PullSecretStoreFactory.OpenAsync(null, data, protector, world.Clock, CancellationToken.None);
        var context = new ProviderContext { Time = world.Clock, Endpoints = ProviderEndpoints.Public with { EcrOverride = world.Ecr.Endpoint } };
        world.Connections = new ConnectionUseCases(world.Store, new RegistryClientFactory(context, world.Store), world.Clock, [new PullSecretDependents(world.Targets, world.Clock)]);
        world.PullSecrets = new PullSecretUseCases(world.Targets, world.Connections, new KubernetesClientApiFactory(AddressPolicy.Default), world.Clock);
        var org = await world.Store.EnsureOrganizationAsync("default", CancellationToken.None);
        world.Actor = new Actor(org.Id, "tester");
        return world;
    }

    public async Task<Berth.Connections.Connection> GenericAsync(string name, string url, string username, string password) =>
        (await Connections.CreateAsync(Actor, new ConnectionInput
        {
            Name = name,
            Type = "generic",
            Url = url,
            Values = new Dictionary<string, string?> { ["username"] = username, ["password"] = password },
        }, verify: false, CancellationToken.None)).Saved!;

    public async Task<Berth.Connections.Connection> EcrAsync(string name) =>
        (await Connections.CreateAsync(Actor, new ConnectionInput
        {
            Name = name,
            Type = "ecr",
            Url = EcrHost,
            Values = new Dictionary<string, string?> { ["accessKeyId"] = FakeEcr.AccessKeyId, ["secretAccessKey"] = FakeEcr.SecretAccessKey },
        }, verify: false, CancellationToken.None)).Saved!;

    public Task<PullSecretTarget> TargetAsync(string name, string[] connections, string[]? namespaces = null, string? selector = null, bool patch = false, string secretName = "regcred") =>
        PullSecrets.CreateAsync(Actor, new PullSecretTargetInput
        {
            Name = name,
            Server = Kube.Server.ToString(),
            CaBundlePem = CaPem,
            Token = ClusterToken,
            Namespaces = namespaces,
            NamespaceSelector = selector,
            SecretName = secretName,
            Connections = connections,
            PatchDefaultServiceAccount = patch,
        }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Targets.DisposeAsync();
        await Store.DisposeAsync();
        await Ecr.DisposeAsync();
        await Kube.DisposeAsync();
        _certificate.Dispose();
        _ca.Dispose();
        _dir.Dispose();
    }
}
