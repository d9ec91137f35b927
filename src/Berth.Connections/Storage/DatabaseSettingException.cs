using Berth.Errors;

namespace Berth.Connections.Storage;

/// <summary>The --database / BERTH_DATABASE value cannot be understood (a usage error); the message never repeats it (it may hold a password).</summary>
public sealed class DatabaseSettingException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.Usage;
}
