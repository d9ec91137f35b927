using Berth.Connections.Kubernetes;

namespace Berth.Connections.Tests.Kubernetes;

/// <summary>Selectors from the Kubernetes "Labels and Selectors" page and the API server's parser rules.</summary>
public sealed class LabelSelectorSyntaxTests
{
    [Theory]
    [InlineData("environment = production")]
    [InlineData("tier != frontend")]
    [InlineData("environment=production,tier!=frontend")]
    [InlineData("environment in (production, qa)")]
    [InlineData("tier notin (frontend, backend)")]
    [InlineData("partition")]
    [InlineData("!partition")]
    [InlineData("partition,environment notin (qa)")]
    [InlineData("app.kubernetes.io/name==web")]
    [InlineData("kubernetes.io/metadata.name in (team-a,team-b)")]
    [InlineData("berth-pull=")]
    [InlineData("replicas>1,replicas < 10")]
    public void Accepts_what_the_documentation_shows(string selector) => Assert.Null(LabelSelectorSyntax.Error(selector));

    [Theory]
    [InlineData("env in (prod", "the value list after 'in' is missing its ')'")]
    [InlineData("env in ()", "the value list after 'in' is empty")]
    [InlineData("env in prod", "'in' needs a parenthesised list of values")]
    [InlineData("=prod", "expected a label key, found '='")]
    [InlineData("env = prod staging", "expected ',' or the end after a requirement, found 'staging'")]
    [InlineData("env=prod,", "a requirement is missing its label key")]
    [InlineData("a,,b", "expected a label key, found ','")]
    [InlineData("Example.COM/app=web", "the key prefix 'Example.COM' is not a DNS subdomain")]
    [InlineData("-app=web", "'-app' is not a label key")]
    [InlineData("app=web-", "'web-' is not a label value")]
    [InlineData("!app=web", "'!app' takes no operator, found '='")]
    [InlineData("replicas > many", "'replicas >' needs an integer value")]
    [InlineData("env ~ prod", "expected an operator (=, ==, !=, in, notin) after 'env', found '~'")]
    public void Names_what_is_wrong(string selector, string expected)
    {
        var error = LabelSelectorSyntax.Error(selector);
        Assert.NotNull(error);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
