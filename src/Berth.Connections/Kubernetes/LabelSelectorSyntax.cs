using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Connections.Kubernetes;

/// <summary>
/// Checks a label selector against the grammar the API server parses (Kubernetes "Labels and Selectors"):
/// <code>
/// selector    ::= requirement ("," requirement)*
/// requirement ::= "!" KEY | KEY | KEY ("=" | "==" | "!=") VALUE | KEY ("in" | "notin") "(" VALUE ("," VALUE)* ")" | KEY ("&lt;" | "&gt;") INTEGER
/// KEY         ::= [DNS-subdomain "/"] NAME      NAME ::= at most 63 of [A-Za-z0-9._-], alphanumeric at both ends
/// VALUE       ::= "" | NAME
/// </code>
/// so a mistyped selector is refused when the target is saved, not found later as an HTTP 400 on every refresh.
/// </summary>
public static partial class LabelSelectorSyntax
{
    /// <summary>Why <paramref name="selector"/> is not a label selector; null when it is one.</summary>
    public static string? Error(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var tokens = Tokenize(selector);
        if (tokens.Count == 0)
        {
            return "it is empty";
        }

        var i = 0;
        while (true)
        {
            if (Requirement(tokens, ref i) is { } error)
            {
                return error;
            }

            if (i == tokens.Count)
            {
                return null;
            }

            if (tokens[i] != ",")
            {
                return $"expected ',' or the end after a requirement, found '{tokens[i]}'";
            }

            i++;
        }
    }

    private static string? Requirement(List<string> tokens, ref int i)
    {
        var negated = Next(tokens, i) == "!";
        if (negated)
        {
            i++;
        }

        var key = Next(tokens, i);
        if (key is null || IsOperator(key))
        {
            return key is null ? "a requirement is missing its label key" : $"expected a label key, found '{key}'";
        }

        if (KeyError(key) is { } keyError)
        {
            return keyError;
        }

        i++;
        var op = Next(tokens, i);
        if (negated || op is null || op == ",")
        {
            return negated && op is not (null or ",") ? $"'!{key}' takes no operator, found '{op}'" : null;
        }

        i++;
        switch (op)
        {
            case "=" or "==" or "!=":
                var value = Next(tokens, i);
                if (value is null || value == ",")
                {
                    return null;
                }

                i++;
                return ValueError(value);
            case "in" or "notin":
                return ValueSet(tokens, ref i, op);
            case "<" or ">":
                var number = Next(tokens, i);
                i++;
                return number is not null && long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? null
                    : $"'{key} {op}' needs an integer value";
            default:
                return $"expected an operator (=, ==, !=, in, notin) after '{key}', found '{op}'";
        }
    }

    private static string? ValueSet(List<string> tokens, ref int i, string op)
    {
        if (Next(tokens, i) != "(")
        {
            return $"'{op}' needs a parenthesised list of values, e.g. '{op} (a,b)'";
        }

        i++;
        var count = 0;
        while (true)
        {
            var token = Next(tokens, i);
            if (token is null)
            {
                return $"the value list after '{op}' is missing its ')'";
            }

            if (token == ")" && count == 0)
            {
                return $"the value list after '{op}' is empty";
            }

            if (IsOperator(token))
            {
                return $"expected a value in the list after '{op}', found '{token}'";
            }

            if (ValueError(token) is { } error)
            {
                return error;
            }

            count++;
            i++;
            var separator = Next(tokens, i);
            i++;
            if (separator == ")")
            {
                return null;
            }

            if (separator != ",")
            {
                return $"the value list after '{op}' is missing its ')'";
            }
        }
    }

    private static string? KeyError(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !PrefixPattern().IsMatch(prefix))
            {
                return $"the key prefix '{prefix}' is not a DNS subdomain (lowercase letters, digits, '-' and '.')";
            }
        }

        return name.Length is > 0 and <= 63 && NamePattern().IsMatch(name)
            ? null
            : $"'{key}' is not a label key (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, after an optional 'prefix/')";
    }

    private static string? ValueError(string value) =>
        value.Length <= 63 && NamePattern().IsMatch(value)
            ? null
            : $"'{value}' is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

    private static string? Next(List<string> tokens, int i) => i < tokens.Count ? tokens[i] : null;

    private static bool IsOperator(string token) => token is "!" or "=" or "==" or "!=" or "(" or ")" or "," or "<" or ">";

    /// <summary>Words and the operator characters, as the API server's lexer splits them; white space separates only.</summary>
    private static List<string> Tokenize(string selector)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < selector.Length)
        {
            var c = selector[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '=' or '!' && i + 1 < selector.Length && selector[i + 1] == '=')
            {
                tokens.Add(selector.Substring(i, 2));
                i += 2;
            }
            else if (c is '!' or '=' or '(' or ')' or ',' or '<' or '>')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < selector.Length && !char.IsWhiteSpace(selector[i]) && selector[i] is not ('!' or '=' or '(' or ')' or ',' or '<' or '>'))
                {
                    i++;
                }

                tokens.Add(selector[start..i]);
            }
        }

        return tokens;
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex PrefixPattern();
}
