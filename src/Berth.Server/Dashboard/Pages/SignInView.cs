namespace Berth.Server.Dashboard.Pages;

public sealed record SignInView(string? Error, string? ReturnUrl);
