using FluentAssertions;
using Microsoft.ML.Recurrent.Tests.TestData;
using Xunit;

namespace Microsoft.ML.Recurrent.Tests.Training;

public class DeterminismTests
{
    [Theory]
    [InlineData(TrainerKind.Multiclass)]
    [InlineData(TrainerKind.Regression)]
    public void Fit_SameSeed_IdenticalModels(TrainerKind kind)
    {
        float[] Train(int seed)
        {
            var ml = new MLContext(seed);
            var data = TrainerFactory.Data(ml, kind, count: 30);
            var model = TrainerFactory.Trainer(ml, kind, RecurrentCellType.Lstm, epochs: 3, configure: o => o.Dropout = 0.2f).Fit(data);
            return TrainerFactory.Scores(model.Transform(data), kind);
        }

        Train(7).Should().Equal(Train(7));
        Train(7).Should().NotEqual(Train(8));
    }
}
