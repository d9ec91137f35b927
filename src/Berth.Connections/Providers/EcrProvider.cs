using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Auth;
using Berth.Distribution;

namespace Berth.Connections.Providers;

/// <summary>
/// Amazon ECR: an IAM access key signs (SigV4) a <c>GetAuthorizationToken</c> call to the ECR API in the
/// registry's region; the answer is base64 <c>AWS:&lt;password&gt;</c>, valid for 12 hours.
/// </summary>
internal sealed class EcrProvider : RegistryProvider
{
    public const string Target = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";
    public const string ContentType = "application/x-amz-json-1.1";
    public const string Service = "ecr";

    public override string Type => "ecr";

    public override string DisplayName => "Amazon ECR";

    public override string UrlHelp => "<account-id>.dkr.ecr.<region>.amazonaws.com (or .amazonaws.com.cn), optionally with /<namespace>";

    public override string? PasswordSecretField => ProviderFieldNames.SecretAccessKey;

    public override IReadOnlyList<ProviderField> Fields { get; } =
    [
        new(ProviderFieldNames.AccessKeyId, "AWS access key ID", IsSecret: false, IsRequired: true,
            "Access key of an IAM user or role allowed ecr:GetAuthorizationToken (e.g. AmazonEC2ContainerRegistryReadOnly)."),
        new(ProviderFieldNames.SecretAccessKey, "AWS secret access key", IsSecret: true, IsRequired: true,
            "The secret of that access key."),
        new(ProviderFieldNames.SessionToken, "AWS session token", IsSecret: true, IsRequired: false,
            "Only for temporary (STS) credentials."),
        new(ProviderFieldNames.Region, "AWS region", IsSecret: false, IsRequired: false,
            "Region of the registry; read from the URL when it has the standard form."),
    ];

    /// <summary>A creator when the connection opted in to create-repositories; null otherwise.</summary>
    public override IRepositoryCreator? RepositoryCreator(Connection connection, ProviderContext context) =>
        connection.Options.CreateRepositories ? new EcrRepositoryCreator(this, connection, context) : null;

    protected override void ValidateType(ConnectionDraft draft, RegistryUrl? url, List<ValidationError> errors)
    {
        // The region goes into the host of the ECR API URL: only a region code may.
        var region = draft.Field(ProviderFieldNames.Region);
        if (region is not null && !EcrRegistryAddress.IsRegion(region))
        {
            errors.Add(new ValidationError(ProviderFieldNames.Region,
                $"'{region}' is not an AWS region code; give one such as us-east-1, eu-central-1 or us-gov-west-1, or leave the region out to read it from the URL"));
            return;
        }

        if (url is null)
        {
            return;
        }

        if (EcrRegistryAddress.TryParse(url.Host.Hostname, out var address))
        {
            if (region is not null && !string.Equals(region, address.Region, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ValidationError(ProviderFieldNames.Region,
                    $"region '{region}' does not match the region '{address.Region}' in the ECR URL '{url.Host.Name}'; leave the region out or fix it"));
            }
        }
        else if (region is null)
        {
            errors.Add(new ValidationError(ProviderFieldNames.Url,
                $"cannot read the region from ECR URL '{url.Host.Name}': expected <account-id>.dkr.ecr.<region>.amazonaws.com (or .amazonaws.com.cn); fix the URL or set the region field"));
        }
    }

    protected override async Task<ProviderCredential> DeriveAsync(Connection connection, RegistryUrl url, ProviderContext context, CancellationToken cancellationToken)
    {
        var call = await CallAsync(connection, url, Target, "{}"u8.ToArray(), context, cancellationToken).ConfigureAwait(false);
        var answer = call.Body;
        if (!call.Ok)
        {
            throw new ProviderCredentialException(Type,
                $"ECR refused GetAuthorizationToken for access key {call.AccessKeyId} in {call.Region} ({call.Status}{(call.Code is null ? "" : " " + call.Code)}{(call.Message is null ? "" : ": " + call.Message)}); check the access key, its secret and that it may call ecr:GetAuthorizationToken",
                call.Status, call.Code);
        }

        using var json = ProviderHttp.ParseJson(Type, "ECR API", answer);
        if (!json.RootElement.TryGetProperty("authorizationData", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            throw new ProviderCredentialException(Type, "ECR answered GetAuthorizationToken without authorizationData");
        }

        var first = data[0];
        var token = ProviderHttp.String(first, "authorizationToken")
            ?? throw new ProviderCredentialException(Type, "ECR answered GetAuthorizationToken without an authorizationToken");
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new ProviderCredentialException(Type, "ECR's authorizationToken is not base64");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ProviderCredentialException(Type, "ECR's authorizationToken is not base64 of 'AWS:<password>'");
        }

        // The API says 12 hours; trust its expiresAt and fall back to that when it is missing.
        var expiresAt = ProviderHttp.Number(first, "expiresAt") is { } epoch
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000))
            : context.Time.GetUtcNow().AddHours(12);
        return new ProviderCredential(RegistryCredential.Basic(decoded[..colon], decoded[(colon + 1)..]), expiresAt);
    }

    /// <summary>
    /// One SigV4-signed call of the ECR API (AWS JSON 1.1) in the connection's region, with its key: the reply's
    /// status and body, and the error code and message AWS put in it. Network failures throw.
    /// </summary>
    /// <exception cref="ProviderCredentialException">The ECR API could not be reached or its reply was too large.</exception>
    internal async Task<EcrApiReply> CallAsync(Connection connection, RegistryUrl url, string target, byte[] body, ProviderContext context, CancellationToken cancellationToken)
    {
        var parsed = EcrRegistryAddress.TryParse(url.Host.Hostname, out var address) ? address : null;
        var region = Field(connection, ProviderFieldNames.Region) is { Length: > 0 } r ? r.ToLowerInvariant() : parsed!.Region.ToLowerInvariant();
        var china = parsed?.IsChina ?? region.StartsWith("cn-", StringComparison.Ordinal);
        var accessKeyId = Field(connection, ProviderFieldNames.AccessKeyId);
        var secret = await RequirePasswordAsync(connection, context, cancellationToken).ConfigureAwait(false);
        connection.Secrets.TryReveal(ProviderFieldNames.SessionToken, out var sessionToken);

        var endpoint = context.Endpoints.Ecr(region, china);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", ContentType),
            new("X-Amz-Target", target),
        };
        if (sessionToken.Length > 0)
        {
            headers.Add(new("X-Amz-Security-Token", sessionToken));
        }

        var signature = AwsSigV4Signer.Sign("POST", endpoint, headers, body, accessKeyId, secret, region, Service, context.Time.GetUtcNow());
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        request.Headers.Host = AwsSigV4Signer.HostHeader(endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        if (sessionToken.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);

        using var http = context.CreateHttpClient();
        using var response = await ProviderHttp.SendAsync(http, request, Type, "ECR API", cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (code, message) = response.IsSuccessStatusCode ? (null, null) : AwsError(answer);
        return new EcrApiReply((int)response.StatusCode, answer, code, message, accessKeyId, region);
    }

    /// <summary>AWS JSON-protocol errors: <c>{"__type":"…#Code","message":"…"}</c> (or "Message").</summary>
    private static (string? Code, string? Message) AwsError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var code = ProviderHttp.String(root, "__type");
            if (code is not null && code.LastIndexOf('#') is var hash and >= 0)
            {
                code = code[(hash + 1)..];
            }

            return (code, ProviderHttp.Trim(ProviderHttp.String(root, "message") ?? ProviderHttp.String(root, "Message")));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
