namespace Berth.Core.Tests.Distribution;

/// <summary>
/// Tests that bound memory by counting the process's allocated bytes run alone: any test running beside them
/// (a pull of a large layer, say) would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasured
{
    public const string Name = "allocation measured";
}
