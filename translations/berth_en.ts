<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DeployPage</name>
    <message>
        <location filename="../qml/DeployPage.qml" line="37"/>
        <source>Deploy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="43"/>
        <source>as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="55"/>
        <source>1  Instance and price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="55"/>
        <source>2  Manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="55"/>
        <source>3  Deposit and review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="55"/>
        <source>4  Bids and deployment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="85"/>
        <source>The node stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="85"/>
        <source>Starting the node…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="105"/>
        <source>What to run on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="110"/>
        <source>Instance type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="117"/>
        <source>Each replica gets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="125"/>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="134"/>
        <source>Max price (USDC per second, whole lease)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="139"/>
        <source>e.g. 0.001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="163"/>
        <source>Next: manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="175"/>
        <location filename="../qml/DeployPage.qml" line="285"/>
        <source>Manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="185"/>
        <source>Use template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="199"/>
        <source>A JSON manifest: { &quot;version&quot;: 1, &quot;services&quot;: [ … ] }</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="219"/>
        <source>Line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="225"/>
        <location filename="../qml/DeployPage.qml" line="305"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="229"/>
        <source>Next: deposit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="239"/>
        <source>Escrow deposit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="246"/>
        <source>USDC, e.g. 25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="249"/>
        <source>USDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="260"/>
        <source>The ledger takes a deposit of at least %1 USDC at this max price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="272"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="281"/>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="282"/>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="283"/>
        <source>Max price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="284"/>
        <source>%1 USDC/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/DeployPage.qml" line="286"/>
        <source>%n line(s), checked</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="287"/>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="290"/>
        <source>Your client certificate is published with the order if the chain lacks it; the manifest is uploaded over mutual TLS once a provider is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployPage.qml" line="309"/>
        <source>Place order</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeployProgress</name>
    <message>
        <location filename="../qml/DeployProgress.qml" line="27"/>
        <source>Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="27"/>
        <source>New order</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/DeployProgress.qml" line="42"/>
        <source>Window %1 · closes in %n block(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="54"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="55"/>
        <source>Bidding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="56"/>
        <source>Matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="57"/>
        <source>Manifest upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="58"/>
        <source>Deployed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="105"/>
        <source>Bids (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="132"/>
        <source>winner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="134"/>
        <source>%1 USDC/s · %2 USDC/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="140"/>
        <source>The order is not on chain yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="140"/>
        <source>No bid yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="153"/>
        <source>Why no bids from the others (first %1 of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="154"/>
        <source>Why no bids from the others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="188"/>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="207"/>
        <source>Show in Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="213"/>
        <source>Change the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/DeployProgress.qml" line="213"/>
        <source>New deployment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeaseCard</name>
    <message>
        <location filename="../qml/LeaseCard.qml" line="63"/>
        <source>Lease #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="72"/>
        <source>%1 from %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="80"/>
        <source>%1 · reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="134"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="136"/>
        <source>%1 USDC/h
%2 USDC/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="143"/>
        <source>Escrow left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="144"/>
        <location filename="../qml/LeaseCard.qml" line="152"/>
        <source>%1 USDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="151"/>
        <source>Spent so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="159"/>
        <source>Escrow runs out in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="161"/>
        <source>not billing yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="171"/>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="199"/>
        <source>The provider refused your last update: %1. The lease runs on its previous terms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="216"/>
        <source>The escrow runs dry in %1. Top up to keep the lease running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="232"/>
        <source>Amount (USDC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="246"/>
        <source>Top up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="266"/>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="272"/>
        <source>Update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="282"/>
        <source>Close lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="287"/>
        <source>Close this lease? The unused escrow goes back to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="293"/>
        <source>Yes, close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="302"/>
        <location filename="../qml/LeaseCard.qml" line="343"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="313"/>
        <source>Replicas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="321"/>
        <source>Max price (USDC/s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseCard.qml" line="336"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeaseLogsDialog</name>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="43"/>
        <source>Logs of lease #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="53"/>
        <source>Filter lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="58"/>
        <source>Follow (%1 new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="58"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="63"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="73"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="131"/>
        <source>No line matches the filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeaseLogsDialog.qml" line="131"/>
        <source>Nothing printed yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeasesPage</name>
    <message>
        <location filename="../qml/LeasesPage.qml" line="30"/>
        <source>Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="37"/>
        <source>as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="42"/>
        <source>Leases: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="80"/>
        <source>The node stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="81"/>
        <source>Loading leases…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="82"/>
        <source>No leases yet — rent an instance from the Marketplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="84"/>
        <source>Leases of %1 appear here as soon as an order is placed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="103"/>
        <source>Events of lease #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="103"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="134"/>
        <source>height %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/LeasesPage.qml" line="154"/>
        <source>No events for this lease since the app started.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="14"/>
        <location filename="../qml/Main.qml" line="51"/>
        <source>Berth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="58"/>
        <source>Local devnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="58"/>
        <source>Network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="68"/>
        <source>as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="76"/>
        <source>Marketplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="77"/>
        <source>Deploy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="78"/>
        <source>Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="79"/>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="80"/>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="81"/>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="82"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="123"/>
        <source>Node stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="124"/>
        <source>Height %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="125"/>
        <source>Starting node…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarketplacePage</name>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="51"/>
        <source>Marketplace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="60"/>
        <source>%1 of %2 providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="78"/>
        <source>The node stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="93"/>
        <source>All instance types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="102"/>
        <source>All regions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="110"/>
        <source>Max USDC/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="119"/>
        <source>Search name, region or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="123"/>
        <source>Sort by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="133"/>
        <source>Price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="134"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="135"/>
        <source>Free capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="136"/>
        <source>Stake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="137"/>
        <location filename="../qml/MarketplacePage.qml" line="205"/>
        <source>Slashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="145"/>
        <source>Descending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="145"/>
        <source>Ascending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="155"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="198"/>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="199"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="200"/>
        <source>Instance types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="201"/>
        <source>USDC/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="202"/>
        <source>USDC/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="203"/>
        <source>Free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="204"/>
        <source>Stake (POND)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="206"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="207"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="353"/>
        <source>%1 locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="395"/>
        <source>Loading providers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="396"/>
        <source>Waiting for the embedded node to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="404"/>
        <source>The node could not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="412"/>
        <source>No providers match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="412"/>
        <source>No providers yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="413"/>
        <source>Try another instance type, region or price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="414"/>
        <source>No provider has registered on this chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/MarketplacePage.qml" line="415"/>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkCard</name>
    <message>
        <location filename="../qml/NetworkCard.qml" line="12"/>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="13"/>
        <source>a member of a network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="13"/>
        <source>the local devnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="19"/>
        <source>Choose the network&apos;s genesis file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="21"/>
        <source>Genesis files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="28"/>
        <source>Local devnet (demo providers on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="34"/>
        <source>A network, from its genesis file and etcd endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="44"/>
        <source>Genesis file (genesis.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="48"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="57"/>
        <source>etcd endpoints, such as http://10.0.0.1:2379,http://10.0.0.2:2379</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NetworkCard.qml" line="67"/>
        <source>Apply and restart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NodePage</name>
    <message>
        <location filename="../qml/NodePage.qml" line="23"/>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="30"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="31"/>
        <source>In step with network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="32"/>
        <source>Catching up with network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="33"/>
        <source>Following %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="34"/>
        <source>Producing blocks on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="35"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="52"/>
        <source>The node stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="76"/>
        <location filename="../qml/NodePage.qml" line="197"/>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="83"/>
        <source>Block time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="84"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="90"/>
        <source>Mempool (transactions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="97"/>
        <source>Last block (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="104"/>
        <source>State root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="113"/>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="114"/>
        <source>%1, ordered by etcd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="115"/>
        <source>%1, following a node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="116"/>
        <source>%1, the local devnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="123"/>
        <source>Block producer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="124"/>
        <source>this node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="125"/>
        <source>this node (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="126"/>
        <source>none: an election is under way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="134"/>
        <source>etcd members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="143"/>
        <source>Data directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="152"/>
        <source>RPC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="163"/>
        <source>Live events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="170"/>
        <source>latest %1, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="197"/>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="197"/>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="197"/>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="197"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="287"/>
        <source>No events yet. They appear here as blocks commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/NodePage.qml" line="287"/>
        <source>Waiting for the node…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderFollower</name>
    <message>
        <location filename="../app/gui/orderfollower.cpp" line="93"/>
        <source>eligible, has not bid yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <location filename="../qml/PageHeader.qml" line="21"/>
        <source>as %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/PageHeader.qml" line="22"/>
        <source>as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderDetailPanel</name>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="22"/>
        <source>Select a provider to see its offers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="66"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="68"/>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="70"/>
        <source>Stake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="71"/>
        <location filename="../qml/ProviderDetailPanel.qml" line="73"/>
        <source>%1 POND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="72"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="74"/>
        <source>Slashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="79"/>
        <source>Auditor score</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ProviderDetailPanel.qml" line="84"/>
        <source>%1 (%n job(s) served, %2 slashed)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="85"/>
        <source>no jobs served yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="89"/>
        <source>Active jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="95"/>
        <source>Offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="102"/>
        <source>This provider offers nothing right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="131"/>
        <source>%1 of %2 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderDetailPanel.qml" line="138"/>
        <source>%1 USDC/s · %2 USDC/h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderPage</name>
    <message>
        <location filename="../qml/ProviderPage.qml" line="48"/>
        <source>Provider console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="64"/>
        <source>%1 is not a provider yet. Stake at least %2 POND, then register with a name, a region and the endpoint tenants upload manifests to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="77"/>
        <source>Provider details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="77"/>
        <source>Register as a provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="78"/>
        <source>registered · %1 active jobs · %2 slashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="85"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="90"/>
        <source>Acme Compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="92"/>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="97"/>
        <source>eu-west</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="99"/>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="111"/>
        <source>Save details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="111"/>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="127"/>
        <location filename="../qml/ProviderPage.qml" line="157"/>
        <source>Stake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="128"/>
        <source>%1 POND per job is locked while it runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="134"/>
        <source>Staked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="135"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="136"/>
        <source>Unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="137"/>
        <source>POND balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="146"/>
        <source>Amount (POND)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="166"/>
        <source>Unstake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="188"/>
        <source>Offers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="189"/>
        <source>capacity 0 withdraws an offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="205"/>
        <source>%1 USDC/s · %2 USDC/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="206"/>
        <source>%1 of %2 in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="211"/>
        <source>No offers yet: tenants cannot rent from you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="211"/>
        <source>Offers follow the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="217"/>
        <source>cpu.small</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="222"/>
        <source>USDC per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="233"/>
        <source>Set offer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="246"/>
        <source>Earnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="248"/>
        <source>Ready to withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="248"/>
        <source>%1 USDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="249"/>
        <source>Slashes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="252"/>
        <source>Withdraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="263"/>
        <source>Jobs served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="264"/>
        <source>leaving a job closes it after the exit cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="290"/>
        <source>%1 USDC/h · earned %2 USDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="291"/>
        <source>Leave job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="292"/>
        <source>Leave this job? The tenant&apos;s lease closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="296"/>
        <source>Yes, leave</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="302"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="315"/>
        <source>No jobs: leases matched to %1 appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="330"/>
        <source>The node stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/ProviderPage.qml" line="330"/>
        <source>Loading the provider console…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/gui/networksettings.cpp" line="34"/>
        <source>&apos;%1&apos; is not an etcd client URL such as http://10.0.0.1:2379</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/networksettings.cpp" line="39"/>
        <source>Give the etcd cluster&apos;s client URLs, separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../qml/SettingsPage.qml" line="23"/>
        <source>Choose an exported key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="29"/>
        <source>Save the encrypted key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="49"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="60"/>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="61"/>
        <source>the keys in %1/keys; demo accounts unlock without a passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="94"/>
        <source>demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="95"/>
        <source>in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="99"/>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="116"/>
        <source>Unlock %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="122"/>
        <location filename="../qml/SettingsPage.qml" line="235"/>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="128"/>
        <source>Unlock and use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="142"/>
        <source>Export %1 to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="143"/>
        <source>/path/to/%1.key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="144"/>
        <location filename="../qml/SettingsPage.qml" line="261"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="147"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="163"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="185"/>
        <source>Certificate of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="186"/>
        <source>tenants upload manifests over mTLS with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="194"/>
        <source>No certificate on chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="195"/>
        <source>Expired on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="196"/>
        <source>Expires soon: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="197"/>
        <source>Valid until %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="202"/>
        <source>SHA-256 fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="213"/>
        <source>This data directory does not hold its key: create a new certificate to upload manifests from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="218"/>
        <source>Renew certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="218"/>
        <source>Create certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="228"/>
        <source>Create an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="233"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="234"/>
        <source>carol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="237"/>
        <source>Repeat it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="242"/>
        <source>Create account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="254"/>
        <source>Import an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="259"/>
        <source>Key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="260"/>
        <source>an exported .key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="262"/>
        <source>New name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="267"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="286"/>
        <source>The node stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/SettingsPage.qml" line="286"/>
        <source>Loading the accounts…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WalletPage</name>
    <message>
        <location filename="../qml/WalletPage.qml" line="22"/>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="34"/>
        <source>USDC balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="41"/>
        <source>POND balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="48"/>
        <source>Staked (POND)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="55"/>
        <source>Escrow held (USDC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="62"/>
        <source>Spent on leases (USDC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="83"/>
        <source>Escrow and spend over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="84"/>
        <source>sampled every block since %1 was chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="116"/>
        <source>USDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="120"/>
        <source>Escrow held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="128"/>
        <location filename="../qml/WalletPage.qml" line="169"/>
        <source>Spent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="153"/>
        <source>Escrow per lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="169"/>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="169"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="169"/>
        <source>Escrow left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="169"/>
        <source>Runs out in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="192"/>
        <location filename="../qml/WalletPage.qml" line="193"/>
        <source>%1 USDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="199"/>
        <source>No leases: escrow appears here once %1 places an order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="210"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="235"/>
        <source>%1 · lease #%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="250"/>
        <source>height %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="250"/>
        <source>height %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="262"/>
        <source>No transfers, deposits or refunds yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="276"/>
        <source>The node stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qml/WalletPage.qml" line="276"/>
        <source>Loading the wallet…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::AmountInput</name>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="78"/>
        <source>Enter an amount in POND.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="78"/>
        <source>Enter an amount in USDC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="79"/>
        <location filename="../app/gui/amountinput.cpp" line="92"/>
        <source>The amount must be positive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="83"/>
        <source>USDC has at most 6 decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="84"/>
        <source>POND has at most 18 decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="85"/>
        <source>A price per second has at most 18 decimals of USDC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="95"/>
        <source>Not a POND amount: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/amountinput.cpp" line="95"/>
        <source>Not a USDC amount: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::DeployFlow</name>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="92"/>
        <source>Write a manifest or start from a template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="121"/>
        <source>Replicas must be a whole number from 1 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="210"/>
        <source>Choose an instance type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="212"/>
        <source>Max price: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="179"/>
        <source>No provider has free %1 capacity right now: the order would find no bid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/deployflow.cpp" line="152"/>
        <source>The deposit must cover at least %n second(s) at the max price: %1 USDC or more.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="182"/>
        <source>The cheapest offer for %1 × %2 is %3 USDC/s, above your max price: no provider could bid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="187"/>
        <source>Best current offer: %1 USDC/s for %2 × %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="196"/>
        <source>Lasts at least %1 at your max price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="197"/>
        <source>Lasts about %1 at the best current offer, and at least %2 at your max price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="209"/>
        <source>An order is already on its way; wait for it or start over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="213"/>
        <source>Manifest: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="214"/>
        <source>Deposit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="215"/>
        <source>The node is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="230"/>
        <source>Signing and sending the order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="259"/>
        <source>The node refused the order (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="262"/>
        <source>Order sent; waiting for the next block…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="271"/>
        <source>Order %1 is on chain; providers are bidding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/deployflow.cpp" line="304"/>
        <source>Waiting for bids: window %1 closes in %n block(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/deployflow.cpp" line="305"/>
        <source>%n bid(s) so far; the window closes in %1 block(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="310"/>
        <source>%1 won at %2 USDC/s and is reserving the lease.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="314"/>
        <source>The lease is ready; uploading the manifest…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="319"/>
        <source>Deployed by %1. Billing has started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/deployflow.cpp" line="323"/>
        <source>No provider took the order in %n window(s); the deposit was refunded.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="324"/>
        <source>The order was cancelled; the deposit was refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="329"/>
        <source>The lease ended before it was deployed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="339"/>
        <source>The manifest goes to the provider once it has reserved the lease.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="342"/>
        <source>Uploading the manifest over mutual TLS…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="346"/>
        <source>The provider accepted the manifest and is starting the workload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/deployflow.cpp" line="349"/>
        <source>The manifest upload failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::EmbeddedNode</name>
    <message>
        <location filename="../app/gui/embeddednode.cpp" line="78"/>
        <location filename="../app/gui/embeddednode.cpp" line="128"/>
        <source>The node is not running.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::HistoryRow</name>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="60"/>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="61"/>
        <source>to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="63"/>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="64"/>
        <source>from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="73"/>
        <source>Looking for a provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="74"/>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="79"/>
        <source>Escrow top-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="84"/>
        <source>Escrow refunded on close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="84"/>
        <source>Order closed, escrow refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="90"/>
        <source>Lease closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="91"/>
        <source>spent %1 USDC, reason: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="93"/>
        <source>Lease served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="94"/>
        <source>earned, reason: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="102"/>
        <source>Staked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="102"/>
        <source>Unstaked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="104"/>
        <source>stake now %1 POND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="108"/>
        <source>Earnings withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="112"/>
        <source>Slashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="118"/>
        <source>Registered as a provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="118"/>
        <source>Provider details updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="124"/>
        <source>Offer set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="125"/>
        <source>%1 at %2 USDC/s, capacity %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="132"/>
        <source>Certificate published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/historyrow.cpp" line="132"/>
        <source>Certificate revoked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::IdentityActions</name>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="63"/>
        <location filename="../app/gui/identityactions.cpp" line="184"/>
        <source>The node is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="79"/>
        <source>The chain holds the new certificate; its files are in the data directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="81"/>
        <source>Could not write the certificate files: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="85"/>
        <source>Rejected (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="90"/>
        <source>Now acting as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="91"/>
        <source>Account created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="92"/>
        <source>Account imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="93"/>
        <source>Encrypted key file written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="94"/>
        <source>Accepted; the certificate files are written once a block holds it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="95"/>
        <source>Accepted; it takes effect with the next block.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="103"/>
        <source>Register as a provider first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="111"/>
        <source>Enter the provider&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="112"/>
        <source>The name is longer than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="113"/>
        <source>Enter the region, such as eu-west.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="114"/>
        <source>The region is longer than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="118"/>
        <source>The endpoint must be an http(s) URL such as https://127.0.0.1:9443.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="119"/>
        <source>The endpoint is longer than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="124"/>
        <source>Saving the provider&apos;s details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="127"/>
        <source>Stake at least %1 POND before registering; %2 POND is staked now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="129"/>
        <source>Sending the registration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="136"/>
        <source>Enter the instance type, such as cpu.small.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="137"/>
        <source>The instance type is longer than %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="140"/>
        <source>The capacity must be a whole number from 0 to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="149"/>
        <source>Withdrawing the offer of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="149"/>
        <source>Sending the offer of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="158"/>
        <source>Only %1 POND is available to stake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="159"/>
        <source>Staking %1 POND…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="168"/>
        <source>Only %1 POND of the stake is unlocked; live jobs lock the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="169"/>
        <source>Unstaking %1 POND…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="174"/>
        <source>There are no earnings to withdraw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="175"/>
        <source>Withdrawing %1 USDC…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="182"/>
        <source>Unknown lease: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="183"/>
        <source>Lease #%1 cannot be left in its state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="186"/>
        <source>Sending the exit request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="193"/>
        <source>A certificate is already on its way to the chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="194"/>
        <source>Publishing a new certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="205"/>
        <location filename="../app/gui/identityactions.cpp" line="232"/>
        <source>There is no account named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="206"/>
        <source>You already act as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="207"/>
        <source>Enter the passphrase of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="208"/>
        <source>Unlocking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="214"/>
        <location filename="../app/gui/identityactions.cpp" line="225"/>
        <source>A name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="215"/>
        <location filename="../app/gui/identityactions.cpp" line="226"/>
        <source>There is already an account named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="216"/>
        <source>Use a passphrase of at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="217"/>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="218"/>
        <source>Creating %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="224"/>
        <source>Choose the exported key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="227"/>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="234"/>
        <source>Choose where to save the key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/identityactions.cpp" line="235"/>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::LeaseListModel</name>
    <message>
        <location filename="../app/gui/leaselistmodel.cpp" line="138"/>
        <source>practically never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::LeaseRow</name>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="20"/>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="21"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="22"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/leaserow.cpp" line="23"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::NetworkSettings</name>
    <message>
        <location filename="../app/gui/networksettings.cpp" line="99"/>
        <source>The genesis file cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::NodeHost</name>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="71"/>
        <source>%1#%2: %3, %4, restarts: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="74"/>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="74"/>
        <source>not healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="60"/>
        <source>The lease has ended; these are its last lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="60"/>
        <source>No logs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="88"/>
        <source>Asking the provider for the logs…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="184"/>
        <source>The node is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="152"/>
        <source>Sending top-up of %1 USDC…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="157"/>
        <source>Sending close request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="163"/>
        <location filename="../app/gui/nodehost.cpp" line="183"/>
        <source>Unknown lease: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="167"/>
        <source>Max price: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="169"/>
        <source>These are the lease&apos;s current terms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="172"/>
        <source>Asking for %1 replica(s) at most %2 USDC/s…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="195"/>
        <source>Uploading the manifest over mutual TLS…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="196"/>
        <source>The provider accepted the manifest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="197"/>
        <source>The manifest upload failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="204"/>
        <source>Accepted; it takes effect with the next block.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="206"/>
        <source>Rejected (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodehost.cpp" line="261"/>
        <source>%1 vCPU · %2 MiB · %3 processes per replica</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::NodeWorker</name>
    <message>
        <location filename="../app/gui/nodeworker.cpp" line="204"/>
        <source>lease %1 is not one of %2&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodeworker.cpp" line="206"/>
        <source>the lease has no provider with a registered certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodeworker.cpp" line="207"/>
        <source>%1 has no TLS certificate on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/nodeworker.cpp" line="122"/>
        <location filename="../app/gui/nodeworker.cpp" line="195"/>
        <source>The node is not running.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::ProviderFilterProxy</name>
    <message>
        <location filename="../app/gui/providerfilterproxy.cpp" line="61"/>
        <source>Not a USDC amount: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>berth::gui::SpendSeriesModel</name>
    <message>
        <location filename="../app/gui/spendseriesmodel.cpp" line="48"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/spendseriesmodel.cpp" line="49"/>
        <source>Escrow held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/spendseriesmodel.cpp" line="50"/>
        <source>Spent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/berth/main.cpp" line="34"/>
        <source>Rent compute from a decentralized market.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/berth/main.cpp" line="38"/>
        <source>Where the embedded devnet node keeps its data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/berth/main.cpp" line="39"/>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
