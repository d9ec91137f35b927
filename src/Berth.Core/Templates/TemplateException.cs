using Berth.Errors;

namespace Berth.Templates;

/// <summary>
/// A tag template that does not parse or does not execute. The message follows Go's form,
/// <c>template: tag:LINE:COLUMN: reason</c>; <see cref="Line"/> and <see cref="Column"/> are 1-based and
/// 0 when the problem is not at one place (an empty rendered tag). A usage error: the template is wrong.
/// </summary>
public sealed class TemplateException : BerthException
{
    /// <summary>The name templates carry in messages, as Go names a template.</summary>
    public const string TemplateName = "tag";

    public TemplateException(string message)
        : base(message)
    {
        Reason = message;
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public TemplateException(string reason, int line, int column)
        : base(line > 0 ? $"template: {TemplateName}:{line}:{column}: {reason}" : $"template: {TemplateName}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    public override ErrorCategory Category => ErrorCategory.Usage;

    /// <summary>The message without the <c>template: tag:L:C:</c> prefix.</summary>
    public string Reason { get; }

    /// <summary>1-based line of the problem, or 0.</summary>
    public int Line { get; }

    /// <summary>1-based column (in characters) of the problem, or 0.</summary>
    public int Column { get; }

    /// <summary>Builds the exception for a character offset in <paramref name="text"/>.</summary>
    internal static TemplateException At(string text, int offset, string reason)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TemplateException(reason, line, offset - lineStart + 1);
    }
}
