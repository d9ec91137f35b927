using System.Net;
using System.Text.RegularExpressions;

namespace Berth.Server.Tests.Browser;

/// <summary>
/// The dashboard over plain HTTP with a cookie session, for checks a browser cannot make (status codes) or makes
/// slowly (crawling every page): signs in with the sign-in form and posts forms with the page's antiforgery token.
/// </summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };

    public DashboardClient(Uri baseUri) => Http = new HttpClient(_handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient Http { get; }

    public static async Task<DashboardClient> SignInAsync(Uri baseUri, string token)
    {
        var client = new DashboardClient(baseUri);
        using var response = await client.PostFormAsync("signin", "signin", new() { ["token"] = token });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The antiforgery token of the form on <paramref name="page"/>.</summary>
    public async Task<string> CsrfAsync(string page)
    {
        var html = await Http.GetStringAsync(page);
        var match = CsrfField().Match(html);
        Assert.True(match.Success, $"no antiforgery field on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form the way the browser would after opening <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, Dictionary<string, string> fields)
    {
        fields["__csrf"] = await CsrfAsync(page);
        return await Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
