using Berth.Testing.Postgres;

namespace Berth.Connections.Tests.Postgres;

/// <summary>One PostgreSQL cluster for every test class in this collection; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresClusterDefinition : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
