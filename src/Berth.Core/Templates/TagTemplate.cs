namespace Berth.Templates;

/// <summary>
/// An image tag template in Go text/template syntax over <see cref="TagTemplateData"/>, e.g.
/// <c>{{ .CiName }}-{{ .Branch }}</c> or <c>{{ .Branch }}-{{ .Time.Format "20060102" }}</c>.
/// Parse once, render many times; instances are immutable and thread-safe.
/// </summary>
public sealed class TagTemplate
{
    private readonly ListNode _root;

    private TagTemplate(string text, ListNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The template source.</summary>
    public string Text { get; }

    /// <summary>Parses a template.</summary>
    /// <exception cref="TemplateException">A syntax error, with its line and column.</exception>
    public static TagTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TagTemplate(text, TemplateParser.Parse(text));
    }

    /// <summary>Parses and renders in one step, returning the sanitized tag.</summary>
    /// <exception cref="TemplateException">A syntax or execution error, or an empty tag.</exception>
    public static string RenderTag(string text, TagTemplateData data) => Parse(text).Render(data);

    /// <summary>Executes the template and returns its output as is, without tag sanitizing.</summary>
    /// <exception cref="TemplateException">An execution error such as an unknown field, with its line and column.</exception>
    public string RenderRaw(TagTemplateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return TemplateEvaluator.Execute(Text, _root, data);
    }

    /// <summary>Executes the template and returns a valid tag (see <see cref="TagSanitizer"/>).</summary>
    /// <exception cref="TemplateException">An execution error, or output with no character a tag may hold.</exception>
    public string Render(TagTemplateData data)
    {
        var raw = RenderRaw(data);
        var tag = TagSanitizer.Sanitize(raw);
        if (tag.Length == 0)
        {
            throw new TemplateException(
                $"the rendered tag is empty once characters a tag may not hold are removed (output was {GoQuote.Quote(raw.Length > 64 ? raw[..64] + "…" : raw)}); "
                + "a tag must start with a letter, digit or _ and may hold letters, digits, _ . and -",
                0,
                0);
        }

        return tag;
    }

    public override string ToString() => Text;
}
