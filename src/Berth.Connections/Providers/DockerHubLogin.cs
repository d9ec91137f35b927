using System.Text.Json.Serialization;

namespace Berth.Connections.Providers;

/// <summary>Body of Docker Hub's <c>POST /v2/users/login</c>.</summary>
internal sealed record DockerHubLogin(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password)
{
    public override string ToString() => $"DockerHubLogin({Username})";
}
