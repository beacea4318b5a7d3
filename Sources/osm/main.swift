import OSMCommands

await OSM.main()
