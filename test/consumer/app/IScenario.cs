namespace ConsumerApp;

/// <summary>One estimator, tested the way an application uses it: train and save in one process, load in another.</summary>
internal interface IScenario
{
    /// <summary>Short name, also the prefix of the scenario's files.</summary>
    string Name { get; }

    /// <summary>Trains on data the scenario makes, evaluates (throws when the result is wrong), saves the model and
    /// the scores of its test rows under <paramref name="directory"/>; returns a one-line summary.</summary>
    string Train(string directory);

    /// <summary>In a new process: loads the saved model, scores the saved test rows and throws unless the scores
    /// equal the saved ones; returns a one-line summary.</summary>
    string LoadAndCheck(string directory);
}
