using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Bridge;

public class MLNetInternalsTests
{
    [Fact]
    public void SelfCheck_WithMicrosoftML5_FindsEveryMember() => MLNetInternals.SelfCheck();

    [Fact]
    public void GetSeed_MLContextWithSeed_ReturnsIt()
    {
        MLNetInternals.GetSeed(new MLContext(seed: 42)).Should().Be(42);
        MLNetInternals.GetSeed(new MLContext()).Should().BeNull();
    }

    [Fact]
    public void GetGpuSettings_FromMLContext_AreRead()
    {
        var ml = new MLContext { GpuDeviceId = 3, FallbackToCpu = false };
        MLNetInternals.GetGpuDeviceId(ml).Should().Be(3);
        MLNetInternals.GetFallbackToCpu(ml).Should().BeFalse();
    }

    [Fact]
    public void IsCanceled_AfterCancelExecution_IsTrue()
    {
        var env = MLNetInternals.GetEnvironment(new MLContext().BinaryClassification.Trainers);
        MLNetInternals.IsCanceled(env).Should().BeFalse();
        // What MLContext.CancelExecution does: cancel the environment through ML.NET's internal ICancelable.
        env.GetType().GetInterface("Microsoft.ML.Runtime.ICancelable")!.GetMethod("CancelExecution")!.Invoke(env, null);
        MLNetInternals.IsCanceled(env).Should().BeTrue();
    }

    [Fact]
    public void GetEnvironment_FromTrainerCatalog_CarriesTheMLContextSettings()
    {
        var ml = new MLContext(seed: 42) { GpuDeviceId = 1 };
        var env = MLNetInternals.GetEnvironment(ml.BinaryClassification.Trainers);
        MLNetInternals.GetSeed(env).Should().Be(42);
        MLNetInternals.GetGpuDeviceId(env).Should().Be(1);
    }

    [Fact]
    public void CreateColumn_KeyScalar_HasGivenShape()
    {
        var column = MLNetInternals.CreateColumn("PredictedLabel", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true);
        (column.Name, column.Kind, column.IsKey, column.ItemType).Should().Be(("PredictedLabel", SchemaShape.Column.VectorKind.Scalar, true, NumberDataViewType.UInt32));
    }

    [Fact]
    public void ComponentCatalog_RegisterLibraryAssembly_FindsModelLoader()
    {
        var ml = new MLContext();
        ml.ComponentCatalog.RegisterAssembly(typeof(RecurrentPredictionTransformer).Assembly);
        var find = typeof(Microsoft.ML.Runtime.ComponentCatalog).GetMethod("FindLoadableClasses",
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, null, new[] { typeof(string) }, null)!;
        ((System.Array)find.Invoke(ml.ComponentCatalog, new object[] { global::Microsoft.ML.Recurrent.Persistence.RecurrentModelSerializer.LoaderSignature })!).Length.Should().Be(1);
    }
}
