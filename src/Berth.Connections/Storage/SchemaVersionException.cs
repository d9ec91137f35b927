using Berth.Errors;

namespace Berth.Connections.Storage;

/// <summary>The database was migrated by a newer Berth than this one, or its migration history is inconsistent.</summary>
public sealed class SchemaVersionException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Failed;
}
