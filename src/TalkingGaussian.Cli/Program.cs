using TalkingGaussian.Cli;

// tg: the TalkingGaussian command-line tool.
return CliRunner.Run(CliApp.CreateRoot(), args);
