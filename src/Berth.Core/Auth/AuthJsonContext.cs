using System.Text.Json.Serialization;

namespace Berth.Auth;

[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
