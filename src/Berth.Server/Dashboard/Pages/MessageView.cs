using Berth.Server.Auth;

namespace Berth.Server.Dashboard.Pages;

public sealed record MessageView(Caller? Caller, string Title, string Message, string Active, string? BackHref, string? BackText);
