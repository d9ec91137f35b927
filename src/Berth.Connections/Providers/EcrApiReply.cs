namespace Berth.Connections.Providers;

/// <summary>What the ECR API answered one call: status, body, AWS's error code and message, and who asked where.</summary>
internal sealed record EcrApiReply(int Status, byte[] Body, string? Code, string? Message, string AccessKeyId, string Region)
{
    public bool Ok => Status is >= 200 and < 300;
}
