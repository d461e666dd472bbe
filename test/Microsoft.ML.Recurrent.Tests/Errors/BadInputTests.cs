using System;
using System.IO;
using System.Linq;
using FluentAssertions;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Errors;

public class BadInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Fit_MissingFeatureColumn_NamesColumnAndAlternatives()
    {
        var data = _ml.Data.LoadFromEnumerable(SyntheticSequences.Binary(10, 1));
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent(featureColumnName: "Sequence").Fit(data);
        fit.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("The Feature column 'Sequence' was not found in the data; it has the columns [Features: Vector<Single>, Label: Boolean]*");
    }

    [Fact]
    public void Fit_FeatureOfWrongType_SaysReceivedExpectedAndRemedy()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Features = new[] { 1.0, 2.0 }, Label = true } });
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent().Fit(data);
        fit.Should().Throw<ArgumentException>()
            .WithMessage("Column 'Features' has type Vector<Double>; expected Vector<Single> whose length is a multiple of InputSize (1), or Single for one step of one value. Convert it with mlContext.Transforms.Conversion.ConvertType*");
    }

    [Fact]
    public void Fit_LengthNotMultipleOfInputSize_NamesRowAndLength()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { Row(1, 2, 3, 4), Row(1, 2, 3) });
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent(inputSize: 2).Fit(data);
        fit.Should().Throw<InvalidOperationException>()
            .WithMessage("Row 1 of column 'Features' has 3 values, which is not a multiple of InputSize (2)*");
    }

    [Fact]
    public void Fit_EmptySequence_NamesRow()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { Row(1), Row() });
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent().Fit(data);
        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 1 of column 'Features' is an empty sequence*");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Fit_NonFiniteFeature_NamesRowStepAndRemedy(float bad, string shown)
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { Row(1, 2), Row(1, 2, 3, bad) });
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent(inputSize: 2).Fit(data);
        fit.Should().Throw<InvalidOperationException>()
            .WithMessage($"Row 1 of column 'Features' has {shown} at value 3 (time step 1, channel 1); expected finite numbers. Replace missing values first*");
    }

    [Fact]
    public void Fit_MulticlassLabelNotKey_SuggestsMapValueToKey()
    {
        var data = _ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(6, 1));
        var fit = () => _ml.MulticlassClassification.Trainers.Recurrent().Fit(data);
        fit.Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Label' has type String; multiclass classification expects a key type with at least 2 values. Map it to a key first: mlContext.Transforms.Conversion.MapValueToKey(\"Label\").");
    }

    [Fact]
    public void Fit_MissingKeyLabel_NamesRow()
    {
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Fit(_ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(6, 1)));
        var rows = SyntheticSequences.Multiclass(6, 1);
        rows[4].Label = "unseen";
        var data = keyed.Transform(_ml.Data.LoadFromEnumerable(rows));
        var fit = () => _ml.MulticlassClassification.Trainers.Recurrent().Fit(data);
        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 4 of label column 'Label' holds the missing key (0)*");
    }

    [Fact]
    public void Fit_RegressionLabelNaN_NamesRow()
    {
        var rows = SyntheticSequences.Sum(5, 1);
        rows[2].Label = float.NaN;
        var fit = () => _ml.Regression.Trainers.Recurrent().Fit(_ml.Data.LoadFromEnumerable(rows));
        fit.Should().Throw<InvalidOperationException>().WithMessage("Row 2 of label column 'Label' is NaN; expected a finite number*");
    }

    [Fact]
    public void Fit_DoubleRegressionLabelBeyondSingle_NamesRowAndRemedy()
    {
        var rows = SyntheticSequences.Sum(6, 1).Select(r => new DoubleLabelRow { Features = r.Features, Label = r.Label }).ToList();
        rows[4].Label = 1e40;   // finite as a Double, Infinity as the Single the network computes in

        // Before, this trained a model whose scores were all NaN and whose saved file could not be loaded.
        var fit = () => _ml.Regression.Trainers.Recurrent(numberOfEpochs: 1).Fit(_ml.Data.LoadFromEnumerable(rows));

        fit.Should().Throw<InvalidOperationException>()
            .WithMessage("Row 4 of label column 'Label' is 1E+40, beyond the range of Single*Rescale the label*");
    }

    [Fact]
    public void Fit_BinaryLabelKeyOfRawTypeByte_Trains()
    {
        var rows = SyntheticSequences.Binary(20, 1).Select(r => new ClassSequence { Features = r.Features, Label = r.Label ? "yes" : "no" }).ToList();
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Byte))
            .Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));
        keyed.Schema["Label"].Type.RawType.Should().Be(typeof(byte));

        // Before: "Invalid TValue: 'System.UInt32', expected type: 'System.Byte'" from ML.NET.
        using var model = _ml.BinaryClassification.Trainers.Recurrent(numberOfEpochs: 1, hiddenSize: 8).Fit(keyed);

        model.Transform(keyed).GetColumn<float>("Probability").Should().HaveCount(20).And.OnlyContain(p => p >= 0 && p <= 1);
    }

    [Fact]
    public void Fit_ValidationSetKeyedByItsOwnMapping_SaysTheClassesDiffer()
    {
        var trainRows = SyntheticSequences.Multiclass(12, 1);
        var validRows = SyntheticSequences.Multiclass(12, 2);
        validRows.Reverse();   // MapValueToKey numbers classes in the order it meets them: here another order
        var train = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(_ml.Data.LoadFromEnumerable(trainRows)).Transform(_ml.Data.LoadFromEnumerable(trainRows));
        var valid = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(_ml.Data.LoadFromEnumerable(validRows)).Transform(_ml.Data.LoadFromEnumerable(validRows));
        var options = new RecurrentMulticlassClassificationOptions { HiddenSize = 8, NumberOfEpochs = 1, ValidationSet = valid };

        // Before, the same key count passed the type check and validation scored against the wrong classes.
        var fit = () => _ml.MulticlassClassification.Trainers.Recurrent(options).Fit(train);

        fit.Should().Throw<ArgumentException>()
            .WithMessage("The validation set's label keys stand for the classes [*] but the training data's for [*]*same fitted pipeline*");
    }

    [Fact]
    public void Fit_NaNInTheValidationSet_SaysItIsTheValidationSet()
    {
        var validRows = SyntheticSequences.Binary(6, 2);
        validRows[3].Features[1] = float.NaN;
        var options = new RecurrentBinaryClassificationOptions { HiddenSize = 8, NumberOfEpochs = 1, ValidationSet = _ml.Data.LoadFromEnumerable(validRows) };

        var fit = () => _ml.BinaryClassification.Trainers.Recurrent(options).Fit(TrainerFactory.Data(_ml, TrainerKind.Binary, count: 10));

        fit.Should().Throw<InvalidOperationException>().WithMessage("In the validation set: Row 3 of column 'Features' has NaN*");
    }

    [Fact]
    public void Fit_BinaryLabelOfWrongType_SaysExpectedTypes()
    {
        var data = _ml.Data.LoadFromEnumerable(SyntheticSequences.Multiclass(6, 1));
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent().Fit(data);
        fit.Should().Throw<ArgumentException>()
            .WithMessage("The label column 'Label' has type String; binary classification expects Boolean, Single, Double, or a key with 2 values.*");
    }

    [Fact]
    public void Fit_NoRows_SaysSo()
    {
        var data = _ml.Data.LoadFromEnumerable(Array.Empty<BinarySequence>());
        var fit = () => _ml.BinaryClassification.Trainers.Recurrent().Fit(data);
        fit.Should().Throw<ArgumentException>().WithMessage("The training data has no rows; expected at least one sequence*");
    }

    [Fact]
    public void Transform_InputSizeMismatchAtScoring_SaysTrainedInputSize()
    {
        var model = TrainerFactory.Trainer(_ml, TrainerKind.Binary, epochs: 1, inputSize: 2).Fit(TrainerFactory.Data(_ml, TrainerKind.Binary, inputSize: 2));
        var scored = model.Transform(_ml.Data.LoadFromEnumerable(new[] { Row(1, 2, 3) }));
        var read = () => scored.GetColumn<float>("Score").ToArray();
        read.Should().Throw<InvalidOperationException>()
            .WithMessage("Row 0 of column 'Features' has 3 values, which is not a multiple of the InputSize (2) this model was trained with*");
    }

    [Fact]
    public void Transform_FeatureColumnMissingAtScoring_NamesIt()
    {
        var model = TrainerFactory.Trainer(_ml, TrainerKind.Binary, epochs: 1).Fit(TrainerFactory.Data(_ml, TrainerKind.Binary));
        var transform = () => model.Transform(_ml.Data.LoadFromEnumerable(new[] { new DoubleRow() }).Schema is var _ ? _ml.Data.LoadFromEnumerable(new[] { new OtherRow() }) : null!);
        transform.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("The feature column 'Features' this model was trained on was not found in the data to score*");
    }

    [Fact]
    public void ModelLoad_TruncatedWeights_ThrowsClearError()
        => LoadCorrupted("TorchWeights.bin", 100).Should().Throw<System.Reflection.TargetInvocationException>()   // ML.NET invokes loaders by reflection
            .WithInnerException<InvalidDataException>().WithMessage("The recurrent model in this file (entries *TorchWeights.bin*) cannot be read: *corrupt or truncated*save the model again*");

    [Fact]
    public void ModelSave_DisposedModel_ThrowsClearErrorInsteadOfWritingAModelWithoutWeights()
    {
        var data = TrainerFactory.Data(_ml, TrainerKind.Binary);
        var model = TrainerFactory.Trainer(_ml, TrainerKind.Binary, epochs: 1).Fit(data);
        model.Dispose();
        using var stream = new MemoryStream();

        var save = () => _ml.Model.Save(model, data.Schema, stream);

        // Before, this wrote a model with no weights that failed only when loaded.
        save.Should().Throw<ObjectDisposedException>()
            .WithMessage("This recurrent model was disposed, which freed its network's weights, so it cannot be saved any more. Save it with mlContext.Model.Save before disposing of it*");
    }

    [Fact]
    public void Transform_DisposedModel_SaysWhatWasLostAndTheRemedy()
    {
        var data = TrainerFactory.Data(_ml, TrainerKind.Binary);
        var model = TrainerFactory.Trainer(_ml, TrainerKind.Binary, epochs: 1).Fit(data);
        model.Dispose();

        var score = () => model.Transform(data).Preview();

        score.Should().Throw<ObjectDisposedException>().WithMessage("*cannot score rows any more*mlContext.Model.Load*");
    }

    [Fact]
    public void ModelLoad_TruncatedModelKey_Throws()
        => LoadCorrupted("Model.key", 40).Should().Throw<Exception>();   // ML.NET's own header check rejects it before our loader runs

    private Action LoadCorrupted(string entryName, int keepBytes)
    {
        var model = TrainerFactory.Trainer(_ml, TrainerKind.Binary, epochs: 1).Fit(TrainerFactory.Data(_ml, TrainerKind.Binary));
        var data = TrainerFactory.Data(_ml, TrainerKind.Binary);
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.zip");
        _ml.Model.Save(model, data.Schema, path);
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith("/" + entryName, StringComparison.Ordinal))
                {
                    using var s = entry.Open();
                    s.SetLength(keepBytes);
                    break;
                }
            }
        }

        return () =>
        {
            try
            {
                _ml.Model.Load(path, out _);
            }
            finally
            {
                File.Delete(path);
            }
        };
    }

    private static BinarySequence Row(params float[] values) => new() { Features = values, Label = values.Length % 2 == 0 };

    private sealed class DoubleLabelRow
    {
        [VectorType]
        public float[] Features { get; set; } = Array.Empty<float>();

        public double Label { get; set; }
    }

    private sealed class DoubleRow
    {
        [VectorType]
        public double[] Features { get; set; } = Array.Empty<double>();

        public bool Label { get; set; }
    }

    private sealed class OtherRow
    {
        [VectorType]
        public float[] Sequence { get; set; } = { 1f };
    }
}
