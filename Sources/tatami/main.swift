import TatamiCLI

await Entrypoint.main()
