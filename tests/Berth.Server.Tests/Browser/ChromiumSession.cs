using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Berth.Server.Tests.Browser;

/// <summary>
/// Debian's headless chromium driven through Debian's chromedriver (versions match; nothing is downloaded),
/// with a fresh profile, and screenshots saved under artifacts/screenshots/ for people to look at.
/// </summary>
public sealed class ChromiumSession : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    private readonly Berth.Testing.TempDirectory _profile = new("berth-chromium");

    public ChromiumSession()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
            "--user-data-dir=" + _profile.Path);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public static bool Available => File.Exists(Chromium) && File.Exists(ChromeDriver);

    public IWebDriver Driver { get; }

    public static string ScreenshotDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
            {
                dir = dir.Parent;
            }

            var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>Signs in through the sign-in form and waits for the page it leads to.</summary>
    public void SignIn(Uri baseUri, string token)
    {
        Driver.Navigate().GoToUrl(new Uri(baseUri, "signin").ToString());
        Find("#token").SendKeys(token);
        Find("#signin").Click();
        new WebDriverWait(Driver, TimeSpan.FromSeconds(20)).Until(d =>
            new Uri(d.Url).AbsolutePath != "/signin" || d.FindElements(By.Id("signin-error")).Count > 0);
    }

    /// <summary>Goes to a path of the server and waits for its title.</summary>
    public void Open(Uri baseUri, string path)
    {
        Driver.Navigate().GoToUrl(new Uri(baseUri, path).ToString());
        WaitFor("main h1");
    }

    /// <summary>Clicks something that loads a new page and waits until the old page is gone and the new one is there.</summary>
    public void ClickAndLoad(IWebElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        // A mark on the old page's window; a freshly loaded document does not have it.
        var script = (IJavaScriptExecutor)Driver;
        script.ExecuteScript("window.berthOldPage = true");
        element.Click();
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(WebDriverException));
        wait.Until(_ => script.ExecuteScript("return window.berthOldPage !== true && document.readyState === 'complete'") is true);
        WaitFor("main h1");
    }

    public void ClickAndLoad(string css) => ClickAndLoad(Find(css));

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public IWebElement WaitFor(string css, TimeSpan? timeout = null)
    {
        // Pages that reload themselves (copy jobs) may replace an element between finding it and looking at it.
        var wait = new WebDriverWait(Driver, timeout ?? TimeSpan.FromSeconds(20));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        return wait.Until(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed));
    }

    /// <summary>Saves what the window shows; with <paramref name="fullPage"/>, the whole page (the window grows to fit it, then shrinks back).</summary>
    public string Screenshot(string name, bool fullPage = false)
    {
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        var window = Driver.Manage().Window;
        var size = window.Size;
        if (fullPage)
        {
            var height = Convert.ToInt32(((IJavaScriptExecutor)Driver).ExecuteScript("return document.documentElement.scrollHeight"), System.Globalization.CultureInfo.InvariantCulture);
            window.Size = new System.Drawing.Size(size.Width, Math.Max(size.Height, height + 150));
        }

        try
        {
            ((ITakesScreenshot)Driver).GetScreenshot().SaveAsFile(path);
        }
        finally
        {
            if (fullPage)
            {
                window.Size = size;
            }
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            _profile.Dispose();
        }
    }
}
