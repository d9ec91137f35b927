using Berth.Errors;

namespace Berth.Transfer;

/// <summary>The named tag, digest or platform is not in the source.</summary>
public sealed class ImageNotFoundException : TransferException
{
    public ImageNotFoundException(string message)
        : base(message)
    {
    }

    public ImageNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override ErrorCategory Category => ErrorCategory.NotFound;
}
