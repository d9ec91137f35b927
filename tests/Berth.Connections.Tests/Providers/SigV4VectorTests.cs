using System.Text;
using Berth.Connections.Providers;

namespace Berth.Connections.Tests.Providers;

/// <summary>
/// Vectors from AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE /
/// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 2015-08-30T12:36:00Z).
/// </summary>
public sealed class SigV4VectorTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("get-vanilla", "GET", "https://example.amazonaws.com/", "", "", "host;x-amz-date",
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", "", "", "host;x-amz-date",
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("post-vanilla", "POST", "https://example.amazonaws.com/", "", "", "host;x-amz-date",
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("post-vanilla-query", "POST", "https://example.amazonaws.com/?Param1=value1", "", "", "host;x-amz-date",
        "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")]
    [InlineData("post-x-www-form-urlencoded", "POST", "https://example.amazonaws.com/", "application/x-www-form-urlencoded", "Param1=value1",
        "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")]
    public void Signs_like_the_published_test_suite(string name, string method, string url, string contentType, string body, string signedHeaders, string signature)
    {
        var headers = contentType.Length > 0 ? new[] { new KeyValuePair<string, string>("Content-Type", contentType) } : [];
        var result = AwsSigV4Signer.Sign(method, new Uri(url), headers, Encoding.UTF8.GetBytes(body), AccessKey, Secret, "us-east-1", "service", At);

        Assert.True(signature == result.Signature, $"{name}: signature {result.Signature}");
        Assert.Equal(signedHeaders, result.SignedHeaders);
        Assert.Equal("20150830T123600Z", result.AmzDate);
        Assert.Equal($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}", result.Authorization);
    }

    [Fact]
    public void Get_vanilla_canonical_request_and_string_to_sign_match_the_suite()
    {
        var result = AwsSigV4Signer.Sign("GET", new Uri("https://example.amazonaws.com/"), [], [], AccessKey, Secret, "us-east-1", "service", At);

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            result.StringToSign);
    }

    [Fact]
    public void Post_form_canonical_request_hashes_the_body_and_signs_content_type()
    {
        var result = AwsSigV4Signer.Sign("POST", new Uri("https://example.amazonaws.com/"),
            [new("Content-Type", "application/x-www-form-urlencoded")], "Param1=value1"u8, AccessKey, Secret, "us-east-1", "service", At);

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            result.CanonicalRequest);
        Assert.EndsWith("\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281", result.StringToSign);
    }

    [Fact]
    public void A_different_secret_region_or_time_changes_the_signature()
    {
        var uri = new Uri("https://example.amazonaws.com/");
        var baseline = AwsSigV4Signer.Sign("GET", uri, [], [], AccessKey, Secret, "us-east-1", "service", At).Signature;

        Assert.NotEqual(baseline, AwsSigV4Signer.Sign("GET", uri, [], [], AccessKey, Secret + "x", "us-east-1", "service", At).Signature);
        Assert.NotEqual(baseline, AwsSigV4Signer.Sign("GET", uri, [], [], AccessKey, Secret, "eu-west-1", "service", At).Signature);
        Assert.NotEqual(baseline, AwsSigV4Signer.Sign("GET", uri, [], [], AccessKey, Secret, "us-east-1", "service", At.AddSeconds(1)).Signature);
    }
}
