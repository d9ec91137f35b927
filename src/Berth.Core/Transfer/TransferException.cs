using Berth.Errors;

namespace Berth.Transfer;

/// <summary>A copy cannot proceed: the image, tag or platform is missing, or a format cannot hold it.</summary>
public class TransferException : BerthException
{
    public TransferException(string message)
        : base(message)
    {
    }

    public TransferException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override ErrorCategory Category => ErrorCategory.Failed;
}
