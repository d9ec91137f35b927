namespace Berth.Connections.Storage;

/// <summary>The --database / BERTH_DATABASE value cannot be understood; the message never repeats it (it may hold a password).</summary>
public sealed class DatabaseSettingException(string message) : Exception(message);
