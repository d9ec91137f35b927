namespace Berth.Connections.Tokens;

/// <summary>What an API token may do within its organization.</summary>
public enum ApiTokenRole
{
    /// <summary>Manages connections (add, change, rename, remove) and tokens; everything a member may do.</summary>
    Admin,

    /// <summary>Browses repositories, tags and manifests, verifies, resolves, exports credentials and copies.</summary>
    Member,

    /// <summary>Fetches credentials and docker config files for the connections the token names, nothing else.</summary>
    Ci,
}
