namespace Berth.Testing;

/// <summary>A user name and password for a test registry or token issuer. The password never appears in <see cref="ToString"/>.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>The value of an HTTP Basic <c>Authorization</c> header for these credentials.</summary>
    public string ToBasicHeaderValue() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() => $"{Username}:***";
}
