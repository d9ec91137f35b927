namespace Berth.Errors;

/// <summary>
/// One entry of a registry's <c>{"errors":[{code,message,detail}]}</c> body. A body that is not in that shape (plain
/// text, <c>{"message":…}</c>) becomes one entry with an empty <see cref="Code"/> and its text as the message.
/// </summary>
public sealed record RegistryError(string Code, string? Message, string? Detail)
{
    public override string ToString() => string.IsNullOrEmpty(Message) ? Code
        : string.IsNullOrEmpty(Code) ? Message
        : $"{Code}: {Message}";
}
