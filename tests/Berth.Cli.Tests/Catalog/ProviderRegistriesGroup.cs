namespace Berth.Cli.Tests.Catalog;

/// <summary>One <see cref="ProviderWorld"/> for every test that needs it: its registries and fakes start once.</summary>
[CollectionDefinition(Name)]
public sealed class ProviderRegistriesGroup : ICollectionFixture<ProviderWorld>
{
    public const string Name = "provider registries";
}
