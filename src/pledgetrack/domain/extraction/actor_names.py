"""The curated table of actors `extract` recognises: countries with their names in English and
Spanish, short forms and demonyms; blocs; institutions; regions (recipients more often than
pledgers); the private sector. Each line is `Name | aliases | demonyms`, `;` between items.

An alias written in capitals (`US`, `EU`, `IDB`) matches only in capitals, so `us` and `who`
stay words; any other alias matches when its first letter is a capital in the text, except the
lower-case aliases of the private sector. A demonym names the country only before a word of
government (`Mexican government`, `gobierno mexicano`): `Mexicans` alone are people, not a
pledger. A row too long for a line goes on in the lines below it, indented. Only tables here;
`actors` finds them in a sentence. Pure: stdlib only.
"""

from __future__ import annotations

# Countries. Aliases beyond the names: capitals only where the press uses them for the
# government (`Washington said`, `Beijing pledged`, `Brussels` for the EU), and the seats of
# government that speak for it (`the White House`, `Palacio Nacional`, `the Kremlin`).
COUNTRIES = """
Afghanistan | Afganistán | Afghan
Albania | | Albanian
Algeria | Argelia | Algerian
Andorra | | Andorran
Angola | | Angolan
Antigua and Barbuda | Antigua y Barbuda | Antiguan
Argentina | | Argentine; Argentinian; argentino
Armenia | | Armenian
Australia | Canberra | Australian; australiano
Austria | | Austrian
Azerbaijan | | Azerbaijani
Bahamas | the Bahamas | Bahamian
Bahrain | | Bahraini
Bangladesh | Dhaka | Bangladeshi
Barbados | | Barbadian
Belarus | Bielorrusia | Belarusian
Belgium | Bélgica | Belgian
Belize | Belice | Belizean; beliceño
Benin | | Beninese
Bhutan | | Bhutanese
Bolivia | | Bolivian; boliviano
Bosnia and Herzegovina | Bosnia | Bosnian
Botswana | | Botswanan
Brazil | Brasil; Brasilia | Brazilian; brasileño
Brunei | | Bruneian
Bulgaria | | Bulgarian
Burkina Faso | | Burkinabe
Burundi | | Burundian
Cabo Verde | Cape Verde | Cape Verdean
Cambodia | Camboya | Cambodian
Cameroon | Camerún | Cameroonian
Canada | Canadá; Ottawa | Canadian; canadiense
Central African Republic | República Centroafricana | Central African
Chad | | Chadian
Chile | | Chilean; chileno
China | People's Republic of China; PRC; Beijing; Pekín | Chinese; chino
Colombia | Bogotá | Colombian; colombiano
Comoros | | Comorian
Congo | Republic of the Congo; Congo-Brazzaville | Congolese
Costa Rica | | Costa Rican; costarricense
Côte d'Ivoire | Ivory Coast; Costa de Marfil | Ivorian
Croatia | Croacia | Croatian
Cuba | Havana; La Habana | Cuban; cubano
Cyprus | Chipre | Cypriot
Czech Republic | Czechia; República Checa | Czech
Democratic Republic of the Congo | DRC; DR Congo; República Democrática del Congo | Congolese
Denmark | Dinamarca | Danish
Djibouti | Yibuti | Djiboutian
Dominica | | Dominican
Dominican Republic | República Dominicana | Dominican; dominicano
Ecuador | Quito | Ecuadorian; ecuatoriano
Egypt | Egipto; Cairo | Egyptian; egipcio
El Salvador | San Salvador | Salvadoran; Salvadorean; salvadoreño
Equatorial Guinea | Guinea Ecuatorial | Equatoguinean
Eritrea | | Eritrean
Estonia | | Estonian
Eswatini | Swaziland | Swazi
Ethiopia | Etiopía; Addis Ababa | Ethiopian
Fiji | | Fijian
Finland | Finlandia | Finnish
France | Francia; Paris; the Élysée; Elysee | French; francés
Gabon | Gabón | Gabonese
Gambia | The Gambia | Gambian
Georgia | Tbilisi | Georgian
Germany | Alemania; Berlin; Berlín | German; alemán
Ghana | | Ghanaian
Greece | Grecia | Greek
Grenada | Granada | Grenadian
Guatemala | | Guatemalan; guatemalteco
Guinea | | Guinean
Guinea-Bissau | | Bissau-Guinean
Guyana | | Guyanese
Haiti | Haití; Port-au-Prince | Haitian; haitiano
Holy See | Vatican; Vaticano; Santa Sede |
Honduras | Tegucigalpa | Honduran; hondureño
Hungary | Hungría | Hungarian
Iceland | Islandia | Icelandic
India | New Delhi; Nueva Delhi | Indian
Indonesia | Jakarta | Indonesian
Iran | Irán; Tehran; Teherán | Iranian; iraní
Iraq | Irak; Baghdad | Iraqi
Ireland | Irlanda; Dublin | Irish
Israel | | Israeli; israelí
Italy | Italia; Rome; Roma | Italian; italiano
Jamaica | | Jamaican
Japan | Japón; Tokyo; Tokio | Japanese; japonés
Jordan | Jordania; Amman | Jordanian
Kazakhstan | Kazajistán | Kazakh
Kenya | Kenia; Nairobi | Kenyan
Kiribati | | I-Kiribati
Kosovo | | Kosovar
Kuwait | | Kuwaiti
Kyrgyzstan | | Kyrgyz
Laos | Lao PDR | Lao; Laotian
Latvia | Letonia | Latvian
Lebanon | Líbano; Beirut | Lebanese
Lesotho | | Basotho
Liberia | | Liberian
Libya | Libia; Tripoli | Libyan
Liechtenstein | |
Lithuania | Lituania | Lithuanian
Luxembourg | Luxemburgo | Luxembourgish
Madagascar | | Malagasy
Malawi | Lilongwe | Malawian
Malaysia | Malasia; Kuala Lumpur | Malaysian
Maldives | Maldivas | Maldivian
Mali | Bamako | Malian
Malta | | Maltese
Marshall Islands | Islas Marshall | Marshallese
Mauritania | | Mauritanian
Mauritius | Mauricio | Mauritian
Mexico | México; Estados Unidos Mexicanos; Palacio Nacional | Mexican; mexicano
Micronesia | | Micronesian
Moldova | Moldavia | Moldovan
Monaco | Mónaco | Monegasque
Mongolia | | Mongolian
Montenegro | | Montenegrin
Morocco | Marruecos; Rabat | Moroccan; marroquí
Mozambique | | Mozambican
Myanmar | Burma; Birmania | Burmese
Namibia | | Namibian
Nauru | | Nauruan
Nepal | Kathmandu | Nepali; Nepalese
Netherlands | the Netherlands; Holland; Países Bajos; Holanda; The Hague | Dutch; neerlandés
New Zealand | Nueva Zelanda; Wellington | New Zealand
Nicaragua | Managua | Nicaraguan; nicaragüense
Niger | Níger; Niamey | Nigerien
Nigeria | Abuja | Nigerian
North Korea | DPRK; Corea del Norte; Pyongyang | North Korean
North Macedonia | Macedonia del Norte | Macedonian
Norway | Noruega; Oslo | Norwegian; noruego
Oman | Omán | Omani
Pakistan | Pakistán; Islamabad | Pakistani
Palau | | Palauan
Palestine | State of Palestine; Palestinian Authority; Gaza; West Bank; Palestina | Palestinian
Panama | Panamá | Panamanian; panameño
Papua New Guinea | PNG; Papúa Nueva Guinea | Papua New Guinean
Paraguay | Asunción | Paraguayan; paraguayo
Peru | Perú; Lima | Peruvian; peruano
Philippines | the Philippines; Filipinas; Manila | Philippine; Filipino
Poland | Polonia; Warsaw; Varsovia | Polish; polaco
Portugal | Lisbon; Lisboa | Portuguese; portugués
Qatar | Catar; Doha | Qatari
Romania | Rumania | Romanian
Russia | Russian Federation; Rusia; Moscow; Moscú; the Kremlin; Kremlin | Russian; ruso
Rwanda | Ruanda; Kigali | Rwandan
Saint Kitts and Nevis | San Cristóbal y Nieves | Kittitian
Saint Lucia | Santa Lucía | Saint Lucian
Saint Vincent and the Grenadines | San Vicente y las Granadinas | Vincentian
Samoa | | Samoan
San Marino | | Sammarinese
Sao Tome and Principe | São Tomé and Príncipe | Santomean
Saudi Arabia | Arabia Saudita; Arabia Saudí; Riyadh | Saudi; saudí
Senegal | Dakar | Senegalese
Serbia | Belgrade | Serbian
Seychelles | | Seychellois
Sierra Leone | Sierra Leona | Sierra Leonean
Singapore | Singapur | Singaporean
Slovakia | Eslovaquia | Slovak
Slovenia | Eslovenia | Slovenian
Solomon Islands | Islas Salomón | Solomon Islander
Somalia | Mogadishu | Somali
South Africa | Sudáfrica; Pretoria | South African; sudafricano
South Korea | Republic of Korea; Korea; ROK; Corea del Sur; Seoul; Seúl | South Korean; Korean;
    surcoreano
South Sudan | Sudán del Sur; Juba | South Sudanese
Spain | España; Madrid | Spanish; español
Sri Lanka | Colombo | Sri Lankan
Sudan | Sudán; Khartoum | Sudanese
Suriname | Surinam | Surinamese
Sweden | Suecia; Stockholm | Swedish; sueco
Switzerland | Suiza; Bern; Berna | Swiss; suizo
Syria | Siria; Damascus | Syrian; sirio
Taiwan | Taiwán; Taipei | Taiwanese
Tajikistan | Tayikistán | Tajik
Tanzania | Dodoma | Tanzanian
Thailand | Tailandia; Bangkok | Thai
Timor-Leste | East Timor; Timor Oriental | Timorese
Togo | Lomé | Togolese
Tonga | | Tongan
Trinidad and Tobago | Trinidad y Tobago | Trinidadian
Tunisia | Túnez; Tunis | Tunisian
Turkey | Türkiye; Turquía; Ankara | Turkish; turco
Turkmenistan | Turkmenistán | Turkmen
Tuvalu | | Tuvaluan
Uganda | Kampala | Ugandan
Ukraine | Ucrania; Kyiv; Kiev | Ukrainian; ucraniano
United Arab Emirates | UAE; Emiratos Árabes Unidos; Abu Dhabi | Emirati
United Kingdom | UK; U.K.; Britain; Great Britain; Reino Unido; Downing Street; Whitehall | British;
    británico
United States | US; U.S.; USA; U.S.A.; United States of America; America; Estados Unidos; EE.UU.;
    EEUU; Washington; the White House; White House; Casa Blanca; State Department;
    Department of State; Departamento de Estado; the Pentagon; Congress; U.S. Treasury;
    Treasury Department; Department of Homeland Security; Homeland Security;
    Customs and Border Protection; CBP; Border Patrol | American; estadounidense; norteamericano
Uruguay | Montevideo | Uruguayan; uruguayo
Uzbekistan | Uzbekistán | Uzbek
Vanuatu | | Ni-Vanuatu
Venezuela | Caracas | Venezuelan; venezolano
Vietnam | Viet Nam; Hanoi | Vietnamese
Yemen | | Yemeni
Zambia | Lusaka | Zambian
Zimbabwe | Harare | Zimbabwean
"""

# People who speak for a government: a pledge a head of state or government, a minister or an
# agency's head makes is made on the government's behalf, and trackers (the G7 Research Group,
# the Kiel Institute) attribute it to the state. Listed: those of the years the texts cover, by
# their full names and the short forms the press writes (`AMLO`, `Lopez Obrador`); a surname
# another leader shares (Castro, Sánchez, Fernández) only with the first name.
PEOPLE = """
United States | Joe Biden; Biden; President Biden; Biden administration;
    Biden-Harris Administration; Team Biden; Kamala Harris; Harris; Antony Blinken; Blinken;
    Alejandro Mayorkas; Mayorkas; Liz Sherwood-Randall; Janet Yellen; Yellen; Donald Trump; Trump;
    Trump administration; Marco Rubio; Rubio; Barack Obama; Obama
Mexico | Andrés Manuel López Obrador; López Obrador; Lopez Obrador; Andres Manuel Lopez Obrador;
    Obrador; AMLO; Claudia Sheinbaum; Sheinbaum; Marcelo Ebrard; Ebrard; Alicia Bárcena; Bárcena;
    Enrique Peña Nieto
Canada | Justin Trudeau; Trudeau; Mark Carney; Carney; Mélanie Joly
Guatemala | Alejandro Giammattei; Giammattei; Bernardo Arévalo; Arévalo
Honduras | Xiomara Castro; Juan Orlando Hernández
El Salvador | Nayib Bukele; Bukele
Colombia | Gustavo Petro; Petro; Iván Duque; Duque
Brazil | Luiz Inácio Lula da Silva; Lula; Jair Bolsonaro; Bolsonaro
Argentina | Javier Milei; Milei; Alberto Fernández
Chile | Gabriel Boric; Boric
Costa Rica | Rodrigo Chaves; Carlos Alvarado
Panama | Laurentino Cortizo; José Raúl Mulino; Mulino
Ecuador | Guillermo Lasso; Daniel Noboa; Noboa
Peru | Dina Boluarte; Boluarte
Venezuela | Nicolás Maduro; Maduro
Cuba | Miguel Díaz-Canel; Díaz-Canel
Haiti | Ariel Henry
Spain | Pedro Sánchez
United Kingdom | Boris Johnson; Rishi Sunak; Sunak; Keir Starmer; Starmer; David Cameron
France | Emmanuel Macron; Macron
Germany | Olaf Scholz; Scholz; Angela Merkel; Merkel; Friedrich Merz; Merz
Italy | Giorgia Meloni; Meloni
Japan | Shinzo Abe; Abe; Fumio Kishida; Kishida; Shigeru Ishiba; Ishiba; Yoshihide Suga
India | Narendra Modi; Modi
China | Xi Jinping; Xi; Li Qiang
Russia | Vladimir Putin; Putin
Ukraine | Volodymyr Zelenskyy; Zelenskyy; Zelensky; Zelenskiy
South Korea | Yoon Suk Yeol; Lee Jae-myung
Australia | Anthony Albanese; Albanese
Egypt | Abdel Fattah el-Sisi; el-Sisi; Sisi
Turkey | Recep Tayyip Erdoğan; Erdoğan; Erdogan
Saudi Arabia | Mohammed bin Salman
Indonesia | Joko Widodo; Jokowi; Prabowo Subianto; Prabowo
South Africa | Cyril Ramaphosa; Ramaphosa
Kenya | William Ruto; Ruto
Nigeria | Bola Tinubu; Tinubu
Israel | Benjamin Netanyahu; Netanyahu
European Commission | Ursula von der Leyen; von der Leyen
European Union | Charles Michel; Josep Borrell; Borrell; António Costa; Kaja Kallas
World Bank | Ajay Banga; David Malpass
Inter-American Development Bank | Ilan Goldfajn; Mauricio Claver-Carone
International Monetary Fund | Kristalina Georgieva
United Nations | António Guterres; Guterres
UNHCR | Filippo Grandi
USAID | Samantha Power
"""

# Blocs and institutions. `Team Europe` is the EU with its member states pledging together, as
# the Commission announces it; the EU stands for it.
BODIES = """
European Union | EU; E.U.; European Union; Unión Europea; UE; Team Europe; Brussels; Bruselas;
    European Council; Council of the EU
European Commission | European Commission; the Commission; EC; Comisión Europea
European Investment Bank | EIB; BEI; Banco Europeo de Inversiones
European Bank for Reconstruction and Development | EBRD; BERD
G7 | G7; G-7; Group of Seven; Grupo de los Siete
G20 | G20; G-20; Group of Twenty; Grupo de los Veinte
BRICS | BRICS
ASEAN | ASEAN; Association of Southeast Asian Nations
African Union | African Union; AU; Unión Africana
CARICOM | CARICOM; Caribbean Community
SICA | SICA; Central American Integration System; Sistema de la Integración Centroamericana
Mercosur | Mercosur; Mercosul
Organization of American States | Organization of American States; OAS; OEA;
    Organización de los Estados Americanos
NATO | NATO; OTAN; North Atlantic Treaty Organization
OPEC | OPEC; OPEP
Paris Club | Paris Club; Club de París
World Bank | World Bank; World Bank Group; Banco Mundial; IBRD;
    International Development Association
International Monetary Fund | International Monetary Fund; IMF; Fondo Monetario Internacional; FMI
Inter-American Development Bank | Inter-American Development Bank; IDB; IADB; IDB Invest; BID;
    Banco Interamericano de Desarrollo
Central American Bank for Economic Integration | Central American Bank for Economic Integration;
    CABEI; BCIE; Banco Centroamericano de Integración Económica
CAF | CAF; Development Bank of Latin America; Banco de Desarrollo de América Latina
Asian Development Bank | Asian Development Bank; ADB
African Development Bank | African Development Bank; AfDB; Banco Africano de Desarrollo
Asian Infrastructure Investment Bank | Asian Infrastructure Investment Bank; AIIB
New Development Bank | New Development Bank; NDB
United Nations | United Nations; UN; U.N.; ONU; Naciones Unidas
UNHCR | UNHCR; ACNUR; UN Refugee Agency; UN refugee agency;
    United Nations High Commissioner for Refugees
International Organization for Migration | International Organization for Migration; IOM; OIM;
    Organización Internacional para las Migraciones
World Food Programme | World Food Programme; World Food Program; WFP; PMA;
    Programa Mundial de Alimentos
UNICEF | UNICEF
World Health Organization | World Health Organization; WHO; OMS; Organización Mundial de la Salud
UNDP | UNDP; PNUD; United Nations Development Programme
Gavi | Gavi; GAVI
COVAX | COVAX
Global Fund | Global Fund
USAID | USAID; U.S. Agency for International Development;
    United States Agency for International Development; Agency for International Development
DFC | DFC; U.S. International Development Finance Corporation;
    International Development Finance Corporation; Development Finance Corporation
Millennium Challenge Corporation | Millennium Challenge Corporation; MCC
JICA | JICA; Japan International Cooperation Agency
KfW | KfW
GIZ | GIZ
AFD | AFD; Agence Française de Développement; French Development Agency
"""

# Regions: what a pledge goes to (`visas to Central America`), seldom who makes it.
REGIONS = """
Central America | Central America; Centroamérica; Centro América; América Central
Northern Triangle | Northern Triangle; Triángulo Norte
Americas | the Americas; Americas; las Américas; Western Hemisphere; hemisferio occidental
Latin America | Latin America; América Latina; Latinoamérica
Latin America and the Caribbean | Latin America and the Caribbean; América Latina y el Caribe
Caribbean | the Caribbean; Caribbean; el Caribe
South America | South America; Sudamérica; América del Sur
North America | North America; Norteamérica; América del Norte
Africa | Africa; África; Sub-Saharan Africa; África subsahariana
Sahel | Sahel
Horn of Africa | Horn of Africa; Cuerno de África
Middle East | Middle East; Oriente Medio; Medio Oriente
Southeast Asia | Southeast Asia; Sudeste Asiático
Indo-Pacific | Indo-Pacific; Indopacífico
Pacific Islands | Pacific Islands; Pacific island countries
"""

# Companies pledging together, as `private-sector commitments` of the Call to Action: written
# in lower case in running text, so these aliases match in any case.
PRIVATE = """
Private sector | private sector; private-sector; sector privado; iniciativa privada
"""

# Words after a demonym that make it the government (`Mexican government`, `the Japanese
# side`), and the Spanish ones before it (`gobierno mexicano`).
GOVERNMENT_WORDS = (
    "government", "administration", "authorities", "officials", "president", "prime minister",
    "foreign minister", "foreign ministry", "ministry", "minister", "delegation", "side",
    "state", "leader", "embassy", "treasury", "armed forces", "army", "navy", "military",
    "foreign office", "chancellor", "cabinet", "presidency", "federal government", "congress",
)  # fmt: skip
GOBIERNO_WORDS = (
    "gobierno", "presidente", "presidenta", "canciller", "cancillería", "ejército", "país",
    "estado", "mandatario", "mandataria",
)  # fmt: skip

# Names that contain an actor's name and are not the actor (a newspaper, a place).
NOT_ACTORS = (
    "Washington Post", "Washington Times", "Washington Examiner", "New Mexico", "Mexico City",
    "Gulf of Mexico", "Ciudad de México", "Latin Times", "New York Times", "America First",
    "Summit of the Americas", "Cumbre de las Américas", "Paris Agreement", "Acuerdo de París",
    "Voice of America", "Bank of America", "Radio France", "Deutsche Welle", "Japan Times",
    "China Daily", "Georgia Tech", "New Jersey", "New South Wales", "Guinea pig",
    "American Airlines", "Jordan River", "Chad Wolf", "Washington state", "Washington State",
    "Americas Partnership", "British Columbia", "Indian Ocean", "Turkey Point",
)  # fmt: skip


def _table(text: str, kind: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    rows = []
    lines: list[str] = []
    for line in text.strip().splitlines():  # an indented line goes on with the row before
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    for line in lines:
        name, aliases, *rest = (part.strip() for part in line.split("|"))
        demonyms = rest[0] if rest else ""
        rows.append(
            (
                name,
                kind,
                tuple(a.strip() for a in aliases.split(";") if a.strip()),
                tuple(d.strip() for d in demonyms.split(";") if d.strip()),
            )
        )
    return rows


def actor_rows() -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """Every actor: (name, kind, aliases, demonyms); kind is country, person, body, region or
    private. A person's name is the actor they speak for."""
    return [
        *_table(COUNTRIES, "country"),
        *_table(PEOPLE, "person"),
        *_table(BODIES, "body"),
        *_table(REGIONS, "region"),
        *_table(PRIVATE, "private"),
    ]
