using Berth.Errors;

namespace Berth.Templates;

/// <summary>A template variable (from <c>--set</c> or the CI environment) whose value cannot be used: a usage error.</summary>
public sealed class TagVariableException : BerthException
{
    public TagVariableException(string message)
        : base(message)
    {
        Key = "";
    }

    public TagVariableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = "";
    }

    public TagVariableException(string key, string problem)
        : base($"template variable {key} {problem}")
    {
        Key = key;
    }

    public override ErrorCategory Category => ErrorCategory.Usage;

    /// <summary>The variable name, e.g. <c>Time</c> or <c>CI_TIMESTAMP</c>.</summary>
    public string Key { get; }
}
