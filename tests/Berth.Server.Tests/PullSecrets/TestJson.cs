using System.Text.Json;

namespace Berth.Server.Tests.PullSecrets;

internal static class TestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
