using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using FluentAssertions;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Recurrent.Native;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Microsoft.ML.Recurrent.Tests.Native;

public sealed class TorchNativeLoaderTests
{
    [Fact]
    public void EnsureLoaded_ThenLstm_ForwardAndBackwardWork()
    {
        TorchNativeLoader.EnsureLoaded();

        using var scope = NewDisposeScope();
        var (lstm, input) = TorchRandom.Seeded(7, () => (nn.LSTM(3, 5, numLayers: 1, batchFirst: true), randn(2, 4, 3)));
        using var disposeLstm = lstm;
        var (output, hidden, cell) = lstm.forward(input);
        var loss = output.pow(2).mean();
        loss.backward();

        output.shape.Should().Equal(2, 4, 5);
        hidden.shape.Should().Equal(1, 2, 5);
        cell.shape.Should().Equal(1, 2, 5);
        float.IsFinite(loss.item<float>()).Should().BeTrue();
        lstm.parameters().Select(p => p.grad).Should().NotContainNulls().And.OnlyContain(g => g!.abs().sum().item<float>() > 0f);
    }

    [Fact]
    public void EnsureLoaded_CalledTwiceAndConcurrently_SucceedsAndIsCheapAfterwards()
    {
        TorchNativeLoader.EnsureLoaded();
        string report = TorchNativeLoader.Report;
        string? patched = TorchNativeLoader.PatchedLibraryPath;

        Parallel.For(0, 16, _ => TorchNativeLoader.EnsureLoaded());
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
        {
            TorchNativeLoader.EnsureLoaded();
        }

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
        TorchNativeLoader.Report.Should().Be(report);
        TorchNativeLoader.PatchedLibraryPath.Should().Be(patched);
        using var sum = ones(3).sum();
        sum.item<float>().Should().Be(3f);
    }

    [Fact]
    public void EnsureLoaded_Afterwards_ShippedFileIsByteIdenticalToNuGetCacheCopy()
    {
        TorchNativeLoader.EnsureLoaded();
        string shipped = ElfVersionPatcherTests.ShippedLibTorchSharpPath();
        string nugetCopy = NuGetCacheLibTorchSharpPath();

        File.ReadAllBytes(shipped).Should().Equal(File.ReadAllBytes(nugetCopy));

        // TorchSharp's own fallback copies libraries into a "cpu" folder next to TorchSharp.dll; it must not have run.
        string torchSharpFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        Directory.Exists(Path.Combine(torchSharpFolder, "cpu")).Should().BeFalse();
    }

    [Fact]
    public void EnsureLoaded_OnThisMachine_PatchesOnlyWhenLibStdCxxLacksGlibcxx3432()
    {
        TorchNativeLoader.EnsureLoaded();
        if (!OperatingSystem.IsLinux())
        {
            TorchNativeLoader.PatchedLibraryPath.Should().BeNull("the workaround only applies to Linux");
            return;
        }

        string maps = File.ReadAllText("/proc/self/maps");
        string shipped = ElfVersionPatcherTests.ShippedLibTorchSharpPath();
        var probe = LibStdCxxProbe.Probe();
        if (probe.Provides(TorchNativeLoader.RequiredVersion)
            || TorchNativeLoader.IsPatchingDisabled(Environment.GetEnvironmentVariable(TorchNativeLoader.OptOutVariable)))
        {
            TorchNativeLoader.PatchedLibraryPath.Should().BeNull();
            TorchNativeLoader.Report.Should().Contain("not patched because");
            maps.Should().Contain(shipped, "the shipped library is used as is");
            return;
        }

        string? patched = TorchNativeLoader.PatchedLibraryPath;
        patched.Should().NotBeNull(TorchNativeLoader.Report);
        patched.Should().NotStartWith(AppContext.BaseDirectory, "the copy lives in a cache folder, not the output");
        TorchNativeLoader.Report.Should().Contain("loaded the patched copy").And.Contain(TorchNativeLoader.RequiredVersion);
        maps.Should().Contain(Path.GetFileName(Path.GetDirectoryName(patched!))!, "the patched copy is the one mapped");
        maps.Should().NotContain(shipped, "the shipped file in the output folder is never mapped");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("1", false)]
    [InlineData("true", false)]
    [InlineData("0", true)]
    [InlineData(" 0 ", true)]
    [InlineData("false", true)]
    [InlineData("FALSE", true)]
    public void IsPatchingDisabled_EnvironmentValue_DisablesOnlyForZeroOrFalse(string? value, bool expected)
    {
        TorchNativeLoader.IsPatchingDisabled(value).Should().Be(expected);
    }

    [Fact]
    public void CandidateFolders_TestOutput_IncludesRuntimesNativeFolderHoldingLibTorchSharp()
    {
        var folders = TorchNativeLocator.CandidateFolders(typeof(torch).Assembly.Location);

        string expected = Path.GetDirectoryName(ElfVersionPatcherTests.ShippedLibTorchSharpPath())!;
        folders.Should().Contain(expected).And.OnlyHaveUniqueItems();
        TorchNativeLocator.FindFile(TorchNativeLocator.LibTorchSharpFileName, folders)
            .Should().Be(Path.Combine(expected, TorchNativeLocator.LibTorchSharpFileName));
    }

    [Fact]
    public void RecurrentNativeLibraryException_Type_IsPublicAndKeepsInnerException()
    {
        var inner = new DllNotFoundException("inner");

        var exception = new RecurrentNativeLibraryException("outer", inner);

        typeof(RecurrentNativeLibraryException).IsPublic.Should().BeTrue();
        exception.Message.Should().Be("outer");
        exception.InnerException.Should().BeSameAs(inner);
    }

    [Fact]
    public void ToException_MissingVersionReport_StatesLibraryCauseFoldersActionAndRemedy()
    {
        var report = new NativeLoadReport
        {
            Action = "not patched because MLNET_RECURRENT_NATIVE_PATCH=0 disables the workaround",
            MissingVersion = "libLibTorchSharp.so needs GLIBCXX_3.4.32, but the system libstdc++ (/x/libstdc++.so.6.0.30) provides at most GLIBCXX_3.4.30",
            LoaderError = "version `GLIBCXX_3.4.32' not found",
        };
        report.Folders.Add("/app/runtimes/linux-x64/native (has libLibTorchSharp.so)");
        report.Files.Add("/app/runtimes/linux-x64/native/libLibTorchSharp.so (shipped file, read only)");

        var exception = report.ToException("libLibTorchSharp.so", "TorchSharp failed to initialise", new TypeInitializationException("TorchSharp.torch", new NotSupportedException("first line\nsecond")));

        exception.Message.Should()
            .Contain("'libLibTorchSharp.so'")
            .And.Contain("NotSupportedException: first line")
            .And.Contain("GLIBCXX_3.4.32")
            .And.Contain("/app/runtimes/linux-x64/native (has libLibTorchSharp.so)")
            .And.Contain("/app/runtimes/linux-x64/native/libLibTorchSharp.so")
            .And.Contain("not patched because MLNET_RECURRENT_NATIVE_PATCH=0")
            .And.Contain("TorchSharp-cpu")
            .And.Contain("TorchSharp-cuda-linux")
            .And.Contain("GCC 13")
            .And.Contain("Troubleshooting");
        exception.InnerException.Should().BeOfType<TypeInitializationException>();
    }

    private static string NuGetCacheLibTorchSharpPath()
    {
        string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        string version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!
            .InformationalVersion.Split('+')[0];
        string path = Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(path).Should().BeTrue($"TorchSharp {version} is restored to the NuGet cache at {packages}");
        return path;
    }
}
