namespace Berth.Transfer.Sync;

/// <summary>What happened during a sync.</summary>
public enum SyncEventKind
{
    /// <summary>A repository's tags were listed and filtered; <see cref="SyncEvent.Tags"/> says how many will be checked.</summary>
    RepositoryStarted,

    /// <summary>The destination already points the tag at the source's digest: one HEAD each side, nothing copied.</summary>
    TagUpToDate,

    /// <summary>The tag is missing or different at the destination and is being copied.</summary>
    TagStarted,

    TagCopied,

    /// <summary>Dry run: the tag would be copied.</summary>
    TagWouldCopy,

    TagFailed,

    /// <summary>The destination has a different image under the tag and overwriting is off: left as it is.</summary>
    TagKept,

    /// <summary>The repository could not be read at all (its tags could not be listed).</summary>
    RepositoryFailed,
}
