import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    minimumWidth: 960
    minimumHeight: 600
    visible: true
    title: qsTr("Berth")
    color: Theme.background
    font.pixelSize: Theme.fontBody

    // Which page the rail shows: 0 Marketplace, 1 Deploy, 2 Leases, 3 Wallet, 4 Provider, 5 Node, 6 Settings.
    property int currentPage: 0

    palette.window: Theme.background
    palette.windowText: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.surfaceAlt
    palette.text: Theme.text
    palette.button: Theme.surface
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.placeholderText: Theme.textMuted
    palette.mid: Theme.border

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "navigationRail"
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.railWidth
            color: Theme.rail

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: Theme.spacingM
                spacing: Theme.spacingXs

                Label {
                    Layout.leftMargin: Theme.spacingS
                    Layout.topMargin: Theme.spacingS
                    text: qsTr("Berth")
                    color: Theme.railText
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                }
                Label {
                    Layout.leftMargin: Theme.spacingS
                    text: NodeHost.ordering === "etcd" ? qsTr("Network %1").arg(NodeHost.chainId) : qsTr("Local devnet")
                    color: Theme.railMuted
                    font.pixelSize: Theme.fontSmall
                }
                // Who the app acts as; Settings switches it.
                Label {
                    objectName: "railIdentityLabel"
                    Layout.leftMargin: Theme.spacingS
                    Layout.bottomMargin: Theme.spacingL
                    Layout.fillWidth: true
                    text: qsTr("as %1").arg(NodeHost.identity)
                    color: Theme.railText
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                }

                Repeater {
                    model: [
                        { title: qsTr("Marketplace"), name: "navMarketplace" },
                        { title: qsTr("Deploy"), name: "navDeploy" },
                        { title: qsTr("Leases"), name: "navLeases" },
                        { title: qsTr("Wallet"), name: "navWallet" },
                        { title: qsTr("Provider"), name: "navProvider" },
                        { title: qsTr("Node"), name: "navNode" },
                        { title: qsTr("Settings"), name: "navSettings" }
                    ]
                    delegate: ItemDelegate {
                        required property var modelData
                        required property int index
                        objectName: modelData.name
                        Layout.fillWidth: true
                        highlighted: window.currentPage === index
                        onClicked: window.currentPage = index
                        contentItem: Label {
                            text: modelData.title
                            color: Theme.railText
                            font.pixelSize: Theme.fontHeading
                            font.bold: window.currentPage === index
                        }
                        background: Rectangle {
                            radius: Theme.radius
                            color: parent.highlighted ? Theme.railSelected : "transparent"
                        }
                    }
                }

                Item { Layout.fillHeight: true }

                // The node's state, always in view: starting, its height, or why it stopped.
                RowLayout {
                    Layout.leftMargin: Theme.spacingS
                    Layout.bottomMargin: Theme.spacingS
                    spacing: Theme.spacingS
                    Rectangle {
                        implicitWidth: 10
                        implicitHeight: 10
                        radius: 5
                        color: NodeHost.error.length > 0 ? Theme.danger : (NodeHost.running ? Theme.success : Theme.warning)
                    }
                    Label {
                        objectName: "railStatusLabel"
                        Layout.fillWidth: true
                        color: Theme.railMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                        text: NodeHost.error.length > 0 ? qsTr("Node stopped")
                            : NodeHost.running ? qsTr("Height %1").arg(NodeHost.height)
                            : qsTr("Starting node…")
                    }
                }
            }
        }

        StackLayout {
            objectName: "pages"
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: window.currentPage

            MarketplacePage {}
            DeployPage {
                onShowLeases: window.currentPage = 2
            }
            LeasesPage {}
            WalletPage {}
            ProviderPage {}
            NodePage {}
            SettingsPage {}
        }
    }
}
