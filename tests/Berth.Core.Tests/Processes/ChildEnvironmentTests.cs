using System.Diagnostics;
using Berth.Processes;

namespace Berth.Core.Tests.Processes;

public sealed class ChildEnvironmentTests
{
    [Theory]
    [InlineData("BERTH_MASTER_KEY", true)]
    [InlineData("BERTH_DATABASE", true)]
    [InlineData("BERTH_TOKEN", true)]
    [InlineData("BERTH_SERVER_URL", true)]
    [InlineData("berth_master_key", true)]
    [InlineData("BERTH_SOMETHING_NEW", true)]
    [InlineData("BERTH_HOME", false)]
    [InlineData("PATH", false)]
    [InlineData("HOME", false)]
    [InlineData("AWS_PROFILE", false)]
    public void Every_berth_variable_but_the_data_directory_is_withheld(string name, bool withheld) =>
        Assert.Equal(withheld, ChildEnvironment.IsWithheld(name));

    [Fact]
    public void Scrub_removes_them_from_a_start_info_and_keeps_the_rest()
    {
        var start = new ProcessStartInfo("/bin/true");
        start.Environment["BERTH_MASTER_KEY"] = "k";
        start.Environment["BERTH_DATABASE"] = "Host=db;Password=p";
        start.Environment["BERTH_HOME"] = "/data";
        start.Environment["KEEP_ME"] = "1";

        ChildEnvironment.Scrub(start);

        Assert.False(start.Environment.ContainsKey("BERTH_MASTER_KEY"));
        Assert.False(start.Environment.ContainsKey("BERTH_DATABASE"));
        Assert.Equal("/data", start.Environment["BERTH_HOME"]);
        Assert.Equal("1", start.Environment["KEEP_ME"]);
    }
}
