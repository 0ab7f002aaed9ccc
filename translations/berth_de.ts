<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>LeaseCard</name>
    <message>
        <location filename="../qml/LeaseCard.qml" line="57"/>
        <source>Lease #%1</source>
        <translation>Lease #%1</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="66"/>
        <source>%1 from %2 (%3)</source>
        <translation>%1 von %2 (%3)</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="74"/>
        <source>%1 · reason: %2</source>
        <translation>%1 · Grund: %2</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="128"/>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="130"/>
        <source>%1 USDC/h
%2 USDC/s</source>
        <translation>%1 USDC/h
%2 USDC/s</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="137"/>
        <source>Escrow left</source>
        <translation>Verbleibendes Escrow</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="138"/>
        <location filename="../qml/LeaseCard.qml" line="146"/>
        <source>%1 USDC</source>
        <translation>%1 USDC</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="145"/>
        <source>Spent so far</source>
        <translation>Bisher ausgegeben</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="153"/>
        <source>Escrow runs out in</source>
        <translation>Escrow reicht noch</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="155"/>
        <source>not billing yet</source>
        <translation>noch keine Abrechnung</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="165"/>
        <source>Access</source>
        <translation>Zugang</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="193"/>
        <source>The escrow runs dry in %1. Top up to keep the lease running.</source>
        <translation>Das Escrow ist in %1 aufgebraucht. Laden Sie es auf, damit die Lease weiterläuft.</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="209"/>
        <source>Amount (USDC)</source>
        <translation>Betrag (USDC)</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="217"/>
        <source>Top up</source>
        <translation>Aufladen</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="237"/>
        <source>Close lease</source>
        <translation>Lease beenden</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="242"/>
        <source>Close this lease? The unused escrow goes back to you.</source>
        <translation>Diese Lease beenden? Das nicht verbrauchte Escrow geht an Sie zurück.</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="248"/>
        <source>Yes, close</source>
        <translation>Ja, beenden</translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="257"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>LeasesPage</name>
    <message>
        <location filename="../qml/LeasesPage.qml" line="30"/>
        <source>Leases</source>
        <translation>Leases</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="37"/>
        <source>as %1</source>
        <translation>als %1</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="42"/>
        <source>Leases: %1</source>
        <translation>Leases: %1</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="79"/>
        <source>The node stopped</source>
        <translation>Der Node wurde gestoppt</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="80"/>
        <source>Loading leases…</source>
        <translation>Leases werden geladen…</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="81"/>
        <source>No leases yet — rent an instance from the Marketplace</source>
        <translation>Noch keine Leases — mieten Sie eine Instanz auf dem Marktplatz</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="83"/>
        <source>Leases of %1 appear here as soon as an order is placed.</source>
        <translation>Leases von %1 erscheinen hier, sobald eine Bestellung aufgegeben ist.</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="102"/>
        <source>Events of lease #%1</source>
        <translation>Ereignisse der Lease #%1</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="102"/>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="133"/>
        <source>height %1</source>
        <translation>Höhe %1</translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="153"/>
        <source>No events for this lease since the app started.</source>
        <translation>Keine Ereignisse zu dieser Lease seit dem Start der App.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="14"/>
        <location filename="../qml/Main.qml" line="51"/>
        <source>Berth</source>
        <translation>Berth</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="59"/>
        <source>Local devnet</source>
        <translation>Lokales Devnet</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="66"/>
        <source>Marketplace</source>
        <translation>Marktplatz</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="67"/>
        <source>Leases</source>
        <translation>Leases</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="68"/>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="109"/>
        <source>Node stopped</source>
        <translation>Node gestoppt</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="110"/>
        <source>Height %1</source>
        <translation>Höhe %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="111"/>
        <source>Starting node…</source>
        <translation>Node startet…</translation>
    </message>
</context>
<context>
    <name>MarketplacePage</name>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="50"/>
        <source>Marketplace</source>
        <translation>Marktplatz</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="59"/>
        <source>%1 of %2 providers</source>
        <translation>%1 von %2 Anbietern</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="77"/>
        <source>The node stopped: %1</source>
        <translation>Der Node wurde gestoppt: %1</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="92"/>
        <source>All instance types</source>
        <translation>Alle Instanztypen</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="101"/>
        <source>All regions</source>
        <translation>Alle Regionen</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="109"/>
        <source>Max USDC/s</source>
        <translation>Max. USDC/s</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="118"/>
        <source>Search name, region or address</source>
        <translation>Name, Region oder Adresse suchen</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="122"/>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="132"/>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="133"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="134"/>
        <source>Free capacity</source>
        <translation>Freie Kapazität</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="135"/>
        <source>Stake</source>
        <translation>Stake</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="136"/>
        <location filename="../qml/MarketplacePage.qml" line="194"/>
        <source>Slashes</source>
        <translation>Slashings</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="144"/>
        <source>Descending</source>
        <translation>Absteigend</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="144"/>
        <source>Ascending</source>
        <translation>Aufsteigend</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="187"/>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="188"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="189"/>
        <source>Instance types</source>
        <translation>Instanztypen</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="190"/>
        <source>USDC/s</source>
        <translation>USDC/s</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="191"/>
        <source>USDC/h</source>
        <translation>USDC/h</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="192"/>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="193"/>
        <source>Stake (POND)</source>
        <translation>Stake (POND)</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="195"/>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="340"/>
        <source>%1 locked</source>
        <translation>%1 gesperrt</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="375"/>
        <source>Loading providers…</source>
        <translation>Anbieter werden geladen…</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="376"/>
        <source>Waiting for the embedded node to start.</source>
        <translation>Warte auf den Start des eingebetteten Nodes.</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="384"/>
        <source>The node could not start</source>
        <translation>Der Node konnte nicht starten</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="392"/>
        <source>No providers match</source>
        <translation>Keine passenden Anbieter</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="392"/>
        <source>No providers yet</source>
        <translation>Noch keine Anbieter</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="393"/>
        <source>Try another instance type, region or price.</source>
        <translation>Versuchen Sie einen anderen Instanztyp, eine andere Region oder einen anderen Preis.</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="394"/>
        <source>No provider has registered on this chain.</source>
        <translation>Auf dieser Chain hat sich noch kein Anbieter registriert.</translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="395"/>
        <source>Clear filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
</context>
<context>
    <name>NodePage</name>
    <message>
        <location filename="../qml/NodePage.qml" line="23"/>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="30"/>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="31"/>
        <source>Producing blocks on %1</source>
        <translation>Erzeugt Blöcke auf %1</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="32"/>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="49"/>
        <source>The node stopped: %1</source>
        <translation>Der Node wurde gestoppt: %1</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="73"/>
        <location filename="../qml/NodePage.qml" line="164"/>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="80"/>
        <source>Block time</source>
        <translation>Blockzeit</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="81"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="87"/>
        <source>Mempool (transactions)</source>
        <translation>Mempool (Transaktionen)</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="94"/>
        <source>Last block (UTC)</source>
        <translation>Letzter Block (UTC)</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="101"/>
        <source>State root</source>
        <translation>State-Root</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="110"/>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="119"/>
        <source>RPC</source>
        <translation>RPC</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="130"/>
        <source>Live events</source>
        <translation>Live-Ereignisse</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="137"/>
        <source>latest %1, newest first</source>
        <translation>die letzten %1, neueste zuerst</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="164"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="164"/>
        <source>Lease</source>
        <translation>Lease</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="164"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="164"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="254"/>
        <source>No events yet. They appear here as blocks commit.</source>
        <translation>Noch keine Ereignisse. Sie erscheinen hier, sobald Blöcke bestätigt werden.</translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="254"/>
        <source>Waiting for the node…</source>
        <translation>Warte auf den Node…</translation>
    </message>
</context>
<context>
    <name>ProviderDetailPanel</name>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="22"/>
        <source>Select a provider to see its offers.</source>
        <translation>Wählen Sie einen Anbieter, um seine Angebote zu sehen.</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="66"/>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="68"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="70"/>
        <source>Stake</source>
        <translation>Stake</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="71"/>
        <location filename="../qml/ProviderDetailPanel.qml" line="73"/>
        <source>%1 POND</source>
        <translation>%1 POND</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="72"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="74"/>
        <source>Slashes</source>
        <translation>Slashings</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="79"/>
        <source>Active jobs</source>
        <translation>Aktive Jobs</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="85"/>
        <source>Offers</source>
        <translation>Angebote</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="92"/>
        <source>This provider offers nothing right now.</source>
        <translation>Dieser Anbieter hat derzeit keine Angebote.</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="121"/>
        <source>%1 of %2 free</source>
        <translation>%1 von %2 frei</translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="128"/>
        <source>%1 USDC/s · %2 USDC/h</source>
        <translation>%1 USDC/s · %2 USDC/h</translation>
    </message>
</context>
<context>
    <name>berth::gui::LeaseListModel</name>
    <message>
        <location filename="../app/gui/leaselistmodel.cpp" line="127"/>
        <source>practically never</source>
        <translation>praktisch nie</translation>
    </message>
</context>
<context>
    <name>berth::gui::LeaseRow</name>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="20"/>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="21"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="22"/>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="23"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>berth::gui::NodeHost</name>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="76"/>
        <location filename="../app/gui/nodehost.cpp" line="128"/>
        <source>The node is not running.</source>
        <translation>Der Node läuft nicht.</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="90"/>
        <source>Enter an amount in USDC.</source>
        <translation>Geben Sie einen Betrag in USDC ein.</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="91"/>
        <location filename="../app/gui/nodehost.cpp" line="96"/>
        <source>The amount must be positive.</source>
        <translation>Der Betrag muss positiv sein.</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="93"/>
        <source>USDC has at most 6 decimals.</source>
        <translation>USDC hat höchstens 6 Nachkommastellen.</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="99"/>
        <source>Not a USDC amount: %1</source>
        <translation>Kein gültiger USDC-Betrag: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="115"/>
        <source>Sending top-up of %1 USDC…</source>
        <translation>Aufladung um %1 USDC wird gesendet…</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="120"/>
        <source>Sending close request…</source>
        <translation>Anfrage zum Beenden wird gesendet…</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="127"/>
        <source>Unknown lease: %1</source>
        <translation>Unbekannte Lease: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="138"/>
        <source>Accepted; it takes effect with the next block.</source>
        <translation>Angenommen; wirksam mit dem nächsten Block.</translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="140"/>
        <source>Rejected (%1): %2</source>
        <translation>Abgelehnt (%1): %2</translation>
    </message>
</context>
<context>
    <name>berth::gui::NodeWorker</name>
    <message>
        <location filename="../app/gui/nodeworker.cpp" line="89"/>
        <location filename="../app/gui/nodeworker.cpp" line="109"/>
        <source>The node is not running.</source>
        <translation>Der Node läuft nicht.</translation>
    </message>
</context>
<context>
    <name>berth::gui::ProviderFilterProxy</name>
    <message>
        <location filename="../app/gui/providerfilterproxy.cpp" line="69"/>
        <source>Not a USDC amount: %1</source>
        <translation>Kein gültiger USDC-Betrag: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/berth/main.cpp" line="28"/>
        <source>Rent compute from a decentralized market.</source>
        <translation>Rechenleistung auf einem dezentralen Markt mieten.</translation>
    </message>
    <message>
        <location filename="../app/berth/main.cpp" line="32"/>
        <source>Where the embedded devnet node keeps its data.</source>
        <translation>Wo der eingebettete Devnet-Node seine Daten speichert.</translation>
    </message>
    <message>
        <location filename="../app/berth/main.cpp" line="33"/>
        <source>DIR</source>
        <translation>VERZ</translation>
    </message>
</context>
</TS>
