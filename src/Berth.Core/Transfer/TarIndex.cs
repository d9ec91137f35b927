using System.Formats.Tar;

namespace Berth.Transfer;

/// <summary>
/// Where each regular file of a tar archive lies (data offset and length), found in one pass over the
/// headers, so files can be read in any order and in parallel without extracting the archive.
/// Symbolic and hard links are resolved to the file they name.
/// </summary>
internal sealed class TarIndex
{
    private readonly Dictionary<string, (long Offset, long Length)> _files;

    private TarIndex(Dictionary<string, (long Offset, long Length)> files) => _files = files;

    public string ArchivePath { get; private init; } = "";

    public static async Task<TarIndex> ReadAsync(string archivePath, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var links = new List<(string Name, string Target)>();
        var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length >= 2)
            {
                var magic = new byte[2];
                await stream.ReadExactlyAsync(magic, cancellationToken).ConfigureAwait(false);
                if (magic[0] == 0x1f && magic[1] == 0x8b)
                {
                    throw new TransferException($"{archivePath} is gzip-compressed; decompress it first (gunzip), a docker-archive is a plain tar");
                }

                stream.Position = 0;
            }

            var reader = new TarReader(stream, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                try
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        var name = Normalise(entry.Name);
                        switch (entry.EntryType)
                        {
                            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                                files[name] = (entry.DataOffset, entry.Length);
                                break;
                            case TarEntryType.SymbolicLink:
                                links.Add((name, Normalise(Combine(Parent(name), entry.LinkName))));
                                break;
                            case TarEntryType.HardLink:
                                links.Add((name, Normalise(entry.LinkName)));
                                break;
                        }
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw new TransferException($"{archivePath} is not a readable tar archive: {ex.Message}", ex);
                }
            }
        }

        // Links may point at links; a few rounds settle any sane archive.
        for (var round = 0; round < 8; round++)
        {
            foreach (var (name, target) in links)
            {
                if (!files.ContainsKey(name) && files.TryGetValue(target, out var found))
                {
                    files[name] = found;
                }
            }
        }

        return new TarIndex(files) { ArchivePath = archivePath };
    }

    public bool TryGet(string name, out (long Offset, long Length) file) => _files.TryGetValue(Normalise(name), out file);

    /// <summary>Opens one file of the archive for reading.</summary>
    public Stream Open(string name)
    {
        if (!TryGet(name, out var file))
        {
            throw new TransferException($"{ArchivePath} has no file '{name}'");
        }

        var stream = new FileStream(ArchivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new RangeReadStream(stream, file.Offset, file.Length);
    }

    private static string Parent(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? "" : name[..slash];
    }

    private static string Combine(string directory, string link) =>
        link.StartsWith('/') ? link : directory.Length == 0 ? link : directory + "/" + link;

    /// <summary>Resolves <c>.</c> and <c>..</c> and strips leading <c>./</c> and <c>/</c>.</summary>
    private static string Normalise(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
