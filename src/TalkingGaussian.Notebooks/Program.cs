using TalkingGaussian.Notebooks;

// tg-notebook: the headless notebook runner. Each command lives in Commands/<Name>Command.cs.
return await RunnerCli.RunAsync(RunnerCli.CreateRoot(), args);
