#!/usr/bin/env python3
"""Write copydesk's demo corpus: invented syndicated news pages with gold labels.

Everything here is invented: the outlets (hosts ending in ``.example``), the stories, the
people and the page chrome. Real country and city names are used only as places.

Run ``python examples/make_corpus.py`` from anywhere. It rewrites ``examples/corpus/`` and
``examples/labels.jsonl`` byte for byte (no randomness, no clock), then checks that every
gold headline, body paragraph, caption and correction appears as a whole line of its page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
LABELS = HERE / "labels.jsonl"


def paras(text: str) -> tuple[str, ...]:
    """Unwrap a block of text: blank lines split paragraphs, line breaks become spaces."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return tuple(" ".join(line.strip() for line in block.splitlines()) for block in blocks)


def one(text: str) -> str:
    """Unwrap a block of text that holds a single paragraph."""
    (para,) = paras(text)
    return para


# --------------------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    sid: str
    date: str  # YYYY-MM-DD, the wire date
    section: str
    headline: str
    place: str | None  # dateline place as printed, e.g. "PORTVILLE, Maine"
    agency: str | None  # "AP", "Reuters", "AFP"
    author: str | None
    credit: str  # who the byline credits: "Associated Press", "Reuters", "Valley Courier"...
    text: tuple[str, ...]  # paragraphs; the first one without its dateline
    captions: tuple[str, ...] = ()
    correction: str | None = None
    trailer: str | None = None  # Reuters "Reporting by ...; Editing by ..." credit line
    early_keep: int | None = None  # the earlier version: first N paragraphs ...
    early_headline: str | None = None
    early_edits: tuple[tuple[str, str], ...] = ()  # ... with these (final, earlier) changes
    follow_up_of: str | None = None
    brief: bool = False
    tags: tuple[str, ...] = ()

    @property
    def dateline(self) -> str:
        if self.place is None:
            return ""
        dash = "-" if self.agency == "Reuters" else "—"
        return f"{self.place} ({self.agency}) {dash} "


STORIES: tuple[Story, ...] = (
    Story(
        sid="s001",
        date="2025-03-14",
        section="U.S. News",
        headline="Fire guts former sardine cannery that became Maine harbor town’s arts center",
        place="PORTVILLE, Maine",
        agency="AP",
        author="Caroline Pettit",
        credit="Associated Press",
        tags=("Fires", "Maine", "Arts"),
        text=paras("""
            A fire that started late Thursday tore through a century-old sardine cannery that
            this fishing town had turned into an arts center, destroying dozens of studios and a
            collection of maritime paintings that residents called irreplaceable.

            No one was hurt, Portville Fire Chief Dale Arsenault said Friday morning as crews
            poured water on smoldering timbers along the waterfront. Firefighters from six towns
            fought the blaze for more than seven hours in gusting winds off the bay.

            “The building was dry as kindling and the wind was pushing everything toward the
            water,” Arsenault said. “Our priority was keeping it from jumping to the boatyard next
            door, and we did that.”

            The Tidewater Arts Center occupied the three-story brick and timber building, which
            the Harlow Packing Co. built in 1911 and which canned sardines until 1983. A nonprofit
            bought it in 2004 for $1 and spent more than a decade restoring it with grants and
            donations.

            About 40 artists rented studios there, and the ground floor held a gallery, a pottery
            kiln and a small museum of cannery tools and photographs. Summer visitors came by the
            busload, and the center’s winter craft fair was the largest event on the town
            calendar.

            Painter Ruth Okafor, who has rented a second-floor studio since 2015, stood behind a
            police line holding a coffee she had not touched. “Ten years of work is in there,” she
            said. “Canvases, sketchbooks, my father’s easel. You tell yourself it’s just stuff,
            and then you see the roof go.”

            The state fire marshal’s office sent two investigators Friday. Arsenault said the
            cause had not been determined but there was no immediate sign that the fire was
            suspicious.

            Town Manager Elise Marchand said Portville would open the high school gym on Saturday
            so artists could meet with insurers and aid groups. An emergency fund set up by a
            regional arts foundation had raised more than $60,000 by midday Friday.

            For many here, the loss reached beyond art. Several older residents worked the
            cannery lines as teenagers, packing fish by hand on shifts that began whenever the
            boats came in.

            “My mother packed sardines in that building and so did I,” said Gordon Pelletier, 81,
            who watched from the town pier. “When they made it into the arts center, it felt like
            the place got a second life. I don’t know if it gets a third.”

            The center’s board said it intended to rebuild, though it was too early to say how.
            “The walls are still standing,” board president Anna Lindqvist said. “That’s where we
            start.”
        """),
        captions=paras("""
            Firefighters spray water on the smoldering remains of the Tidewater Arts Center in
            Portville, Maine, Friday, March 14, 2025. (AP Photo/Martin Gresh)

            Painter Ruth Okafor watches crews work outside the former sardine cannery where she
            rented a studio, in Portville, Maine, Friday, March 14, 2025. (AP Photo/Martin Gresh)

            Smoke rises over the Portville waterfront as fire crews from six towns battle the
            blaze, early Friday, March 14, 2025, in Portville, Maine. (AP Photo/Martin Gresh)

            The Tidewater Arts Center, a former sardine cannery, is seen on Aug. 9, 2019, in
            Portville, Maine. (AP Photo/Janet Holloway, File)

            Gordon Pelletier, 81, who packed sardines in the cannery as a teenager, looks on from
            the town pier in Portville, Maine, Friday, March 14, 2025. (AP Photo/Martin Gresh)
        """),
    ),
    Story(
        sid="s010",
        date="2025-03-18",
        section="U.S. News",
        headline=(
            "Faulty wiring in kiln room sparked fire at Maine cannery arts center, "
            "investigators say"
        ),
        place="PORTVILLE, Maine",
        agency="AP",
        author="Caroline Pettit",
        credit="Associated Press",
        follow_up_of="s001",
        tags=("Fires", "Maine"),
        text=paras("""
            An electrical fault in a kiln room started the fire that destroyed a converted
            sardine cannery on the Portville waterfront last week, state investigators said
            Tuesday.

            The state fire marshal’s office said the blaze began in a junction box that fed the
            ground-floor pottery kiln, which had been switched off hours earlier. Investigators
            ruled the fire accidental.

            “We found heavy arcing on a circuit that had been modified at some point, likely
            years ago,” said Sgt. Thomas Reade, an investigator with the fire marshal’s office.
            “There is nothing to suggest anyone did this on purpose.”

            The Tidewater Arts Center occupied the three-story brick and timber building, which
            the Harlow Packing Co. built in 1911 and which canned sardines until 1983. A nonprofit
            bought it in 2004 for $1 and spent more than a decade restoring it with grants and
            donations.

            About 40 artists rented studios there, and the ground floor held a gallery, a pottery
            kiln and a small museum of cannery tools and photographs. Summer visitors came by the
            busload, and the center’s winter craft fair was the largest event on the town
            calendar.

            The center’s insurer has begun assessing the building, and engineers said Monday that
            the brick exterior walls were sound enough to remain standing while the site is
            cleared.

            Board president Anna Lindqvist said the nonprofit would hold a public meeting April 2
            to gather ideas for rebuilding. The emergency fund for artists has grown to about
            $185,000, she said.

            “People have been mailing checks with notes that say ‘for the painters’ or ‘for the
            potters,’” Lindqvist said. “We’re going to honor every one of those.”
        """),
        captions=paras("""
            Investigators from the state fire marshal’s office examine debris at the Tidewater
            Arts Center in Portville, Maine, Monday, March 17, 2025. (AP Photo/Martin Gresh)
        """),
    ),
    Story(
        sid="s002",
        date="2025-05-06",
        section="World",
        headline="Alpine nations agree to pool glacier data in early-warning pact",
        place="GENEVA",
        agency="Reuters",
        author="Lukas Brenner",
        credit="Reuters",
        trailer="Reporting by Lukas Brenner; Editing by Helen Marsh",
        tags=("Climate", "Switzerland", "Glaciers"),
        text=paras("""
            Six Alpine countries agreed on Tuesday to share real-time measurements from more than
            300 glaciers, creating a joint early-warning system for ice collapses and glacial
            floods that have grown more frequent as temperatures rise.

            The pact, signed in Geneva by delegations from Switzerland, France, Italy, Austria,
            Germany and Slovenia, sets common standards for sensors, satellite imagery and hazard
            alerts, and obliges each country to publish its readings within an hour.

            "A glacier does not stop at a border, and neither does the water that comes out of
            it," said Regula Imhof, who led the Swiss delegation. "Until now each of us has been
            watching our own corner of the mountain."

            The agreement follows several years of rockfalls, debris flows and evacuations across
            the Alps, where villages below retreating glaciers have had to rely on warnings from
            scattered local monitoring stations.

            Under the deal, a small coordination office will be set up in Geneva with a budget of
            14 million Swiss francs ($16.9 million) over five years, funded in proportion to each
            country's glacier area.

            Scientists welcomed the pact but said it came late. Alpine glaciers have lost about a
            tenth of their remaining volume in the last three years alone, according to figures
            presented at the signing.

            "The sensors are the easy part," said Chiara Ventura, a glaciologist at the Institute
            for Mountain Hydrology in Turin who advised negotiators. "The hard part is making sure
            a mayor in a small valley gets a warning she trusts, in her own language, in time to
            act."

            The agreement still needs approval from national parliaments, and officials said the
            first shared alerts could be issued by the winter of 2026.

            Liechtenstein and Monaco have observer status and may join later, the signatories
            said.
        """),
        captions=paras("""
            A research station stands above a glacier tongue near Zermatt, Switzerland, May 2,
            2025. Photo: Sandro Keller/Reuters

            Delegates attend the signing of the Alpine glacier data pact in Geneva, Switzerland,
            May 6, 2025. Photo: Nadia Perrin/Reuters
        """),
    ),
    Story(
        sid="s003",
        date="2025-06-10",
        section="Business",
        headline="Electric van maker Corvane recalls 48,000 delivery vans over brake software flaw",
        early_headline="Electric van maker Corvane recalls delivery vans over brake software flaw",
        place="DETROIT",
        agency="AP",
        author="Marcus Ellery",
        credit="Associated Press",
        tags=("Recalls", "Electric vehicles", "Autos"),
        early_keep=9,
        early_edits=(
            (
                "is recalling more than 48,000 electric delivery vans",
                "is recalling tens of thousands of electric delivery vans",
            ),
        ),
        text=paras("""
            Corvane Motors is recalling more than 48,000 electric delivery vans in the U.S.
            because a software error can cause the regenerative brakes to disengage without
            warning on steep downhill grades.

            The recall covers Corvane’s D2 and D3 vans built from 2022 through 2024, according to
            documents posted Tuesday by federal safety regulators. Most of the vans are used by
            parcel carriers and grocery delivery fleets.

            According to the documents, the flaw can make the van’s computer switch off
            regenerative braking when the battery is fully charged and the vehicle is going down a
            long hill. Drivers still have the regular friction brakes, but the pedal may suddenly
            feel different and the van can speed up before they react.

            Corvane said it knows of 17 crashes and four minor injuries that may be related to the
            problem. No deaths have been reported.

            Dealers and fleet service centers will update the software at no cost, and the
            company said most vans can also get the fix over the air starting this month. Owners
            will be notified by letter in late July.

            “Safety of the drivers who depend on our vans every day is our first responsibility,”
            the company said in a statement. “We identified this condition through our own field
            monitoring and acted as soon as we understood it.”

            The Ann Arbor, Michigan-based company, founded in 2017, has sold about 120,000 vans,
            mostly to commercial fleets. It went public in 2021 and has struggled to turn a profit
            as demand for electric commercial vehicles slowed.

            Safety advocates said the case shows how much software now controls basic functions
            such as braking. “A brake that behaves one way on Monday and another way on Tuesday is
            a brake drivers can’t trust,” said Denise Harlan of the Center for Vehicle
            Accountability, a nonprofit group.

            Shares of Corvane fell 6% in afternoon trading.

            Later Tuesday, two of Corvane’s largest customers, the parcel carrier SwiftRoute and
            the grocery chain Fresh Basket, said they had taken some vans off hilly routes until
            the update is installed.

            Corvane said it expects to finish updating the fleet by the end of September.
        """),
        captions=paras("""
            Corvane D3 electric delivery vans are parked at a distribution center in Romulus,
            Mich., Tuesday, June 10, 2025. (AP Photo/Keith Darrow)

            A Corvane D2 van makes a delivery in Ann Arbor, Mich., on April 3, 2024. (AP
            Photo/Keith Darrow, File)
        """),
    ),
    Story(
        sid="s004",
        date="2025-01-21",
        section="Sports",
        headline="Rookie Varga makes 41 saves as Peaks edge Sabercats 2-1 in shootout",
        place="DENVER",
        agency="AP",
        author=None,
        credit="Associated Press",
        tags=("Hockey",),
        text=paras("""
            Ilse Varga made 41 saves in her first professional start, and Nora Quill scored the
            only goal of the shootout as the Denver Peaks beat the Salt Lake Sabercats 2-1 on
            Tuesday night.

            Maddie Rourke scored in the second period for Denver, which has won four straight and
            moved within two points of first-place Minnesota in the Western Division.

            Varga, a 22-year-old from Budapest who was called up from the team’s reserve squad on
            Monday, stopped all three Salt Lake attempts in the shootout, sliding across to deny
            Kaya Thorsen’s backhand on the final try.

            “Somebody told me at the morning skate that I was playing, and then I just tried not
            to think about it,” Varga said. “The players in front of me blocked a lot of shots. I
            only saw the ones they let through.”

            Salt Lake outshot Denver 42-24 and controlled long stretches of the third period, but
            could not beat Varga again after Thorsen tied it with a power-play goal 3:12 into the
            period.

            Sabercats goalie Becca Lund made 23 saves. Salt Lake has lost three of its last four.

            “We did a lot of good things. We just ran into a goalie who was seeing everything
            tonight,” Sabercats coach Ray Dunmore said.

            Denver plays at Calgary on Thursday, and Salt Lake hosts Vancouver on Friday.
        """),
        captions=paras("""
            Denver Peaks goalie Ilse Varga stops a shot by Salt Lake Sabercats forward Kaya
            Thorsen during the third period of a hockey game, Tuesday, Jan. 21, 2025, in Denver.
            (AP Photo/Dana Whitcomb)
        """),
    ),
    Story(
        sid="s005",
        date="2025-01-22",
        section="Science",
        headline="Astronomers detect water vapour in disc around infant star",
        place="PARIS",
        agency="AFP",
        author="Léa Marchetti",
        credit="AFP",
        tags=("Astronomy", "Space"),
        text=paras("""
            Astronomers have detected large amounts of water vapour in the dusty disc around a
            star that is barely a million years old, a finding that could help explain how rocky
            planets such as Earth come to hold oceans, a study published Wednesday said.

            The star, known as LR-417, lies about 450 light years away in the constellation
            Taurus and is still surrounded by the swirling disc of gas and dust from which planets
            form.

            Using the Lumière Array, a network of 38 radio dishes in Chile's Atacama desert, the
            team found water vapour concentrated in a ring about as far from the star as the
            asteroid belt is from our Sun.

            "It's as if we are looking at the plumbing of a young solar system while it is still
            being installed," lead author Amélie Rousseau of the Institute of Planetary
            Astrophysics in Grenoble told AFP.

            The water appears to be carried inward on icy pebbles that drift towards the star and
            then evaporate as they warm, the researchers wrote in the Journal of Protoplanetary
            Science.

            Such a mechanism had been predicted by computer models but never observed so
            directly, Rousseau said. The amount detected is at least three times the water in all
            of Earth's oceans.

            Other astronomers cautioned that the observations capture a single moment in a
            process lasting millions of years.

            "This is a beautiful measurement, but one disc is one disc," said Tomás Echeverría,
            an astronomer at the Andean Observatory for Star Formation who was not involved in
            the study. "We need a few dozen of these before we can say this is how it usually
            works."

            The team has already been granted observing time to study 20 more young stars next
            year.
        """),
        captions=paras("""
            This handout illustration released on January 22, 2025 by the Lumière Array
            consortium shows an artist's impression of the water-rich disc around the young star
            LR-417. (Photo by Handout / Lumière Array / AFP)

            Radio dishes of the Lumière Array stand on a plateau in Chile's Atacama desert on
            November 12, 2024. (Photo by Pablo Ferrand / AFP)
        """),
    ),
    Story(
        sid="s006",
        date="2025-04-20",
        section="Lifestyle",
        headline="At 84, the county’s last typewriter repairman keeps the keys clacking",
        place=None,
        agency=None,
        author="Hannah Ostrowski",
        credit="Valley Courier",
        tags=("Small business", "People"),
        text=paras("""
            Walter Brandt can tell what is wrong with a typewriter before he takes the cover off.
            He listens.

            “A sticky key sounds different from a worn ribbon gear, and both of them sound
            different from a carriage that’s been dropped,” said Brandt, 84, tapping a 1950s
            portable on the counter of his shop on Mill Street. “People think it’s all the same
            clatter. It isn’t.”

            Brandt has repaired typewriters in the same narrow storefront since 1968, when his
            shop also sold adding machines and mimeograph supplies to nearly every office in town.
            He is, as far as anyone can tell, the last person in the county who does the work full
            time.

            For years, business dwindled. Then, about a decade ago, it came back in a way he did
            not expect: college students, novelists, collectors and people who want to write
            letters without a screen in front of them.

            “I had a 19-year-old in here last week who saved up for a green portable she saw in a
            movie,” Brandt said. “She asked me how to change the ribbon, and I showed her, and she
            wrote it down by hand. That made my week.”

            He charges $85 for a basic cleaning and adjustment and keeps a back room stacked with
            about 300 machines he uses for parts. Some customers mail their typewriters from three
            states away, packed in blankets.

            His daughter, Lisa Brandt-Moreno, has started learning the trade on weekends, though
            she says she is not sure yet whether she will take over the shop.

            “He has 55 years in his hands,” she said. “I have about 18 months. It’s going to take
            me a while.”

            Brandt says he has no plans to retire. “When I can’t hear the difference anymore,” he
            said, “that’s when I’ll stop.”
        """),
        captions=paras("""
            Walter Brandt adjusts the carriage of a 1950s portable typewriter at his shop on Mill
            Street. (Staff photo by Hannah Ostrowski)
        """),
    ),
    Story(
        sid="s007",
        date="2025-08-19",
        section="World",
        headline="Kenyan farmers swap maize for sorghum as rains fail again",
        place="NAIROBI, Kenya",
        agency="AP",
        author="Grace Wanjala",
        credit="Associated Press",
        tags=("Kenya", "Agriculture", "Drought"),
        correction=one("""
            Correction: An earlier version of this story misspelled the name of the Makueni
            County agriculture officer. She is Wanjiru Mbeki, not Wanjiru Mbeke.
        """),
        text=paras("""
            On a dusty plot in Kenya’s eastern Makueni County, Esther Mwikali walked between rows
            of knee-high sorghum that had survived another failed rainy season, something the
            maize she used to plant never did.

            “Maize needs rain that does not come anymore,” said Mwikali, a 46-year-old mother of
            four. “This one waits for the water. It is patient like us.”

            Across eastern Kenya, thousands of small farmers are switching to sorghum, millet and
            green grams as the rains that once arrived reliably become erratic. In several
            eastern counties this year’s long rains brought less than half the usual amount,
            according to county agricultural officers.

            Sorghum, a drought-tolerant grain native to Africa, fell out of favor in the 20th
            century as governments and seed companies promoted maize, which became the country’s
            staple food. Now county governments are handing out improved sorghum seed, and a
            growing number of breweries and feed mills are buying the crop.

            In Makueni, the area planted with sorghum has roughly tripled in five years, said
            county agriculture officer Wanjiru Mbeki. “Farmers who tried it once and got a harvest
            in a dry year don’t go back,” she said.

            The shift has limits. Sorghum fetches a lower price than maize in most local markets,
            and many families still prefer to eat maize meal. Birds can strip a sorghum field in
            days if children are not sent to chase them away.

            “People say sorghum is food for the poor, or for animals,” said Peter Kioko, who runs
            a farmers’ cooperative of about 600 members. “We are trying to change that, one plate
            of porridge at a time.”

            The cooperative now sells flour blends of sorghum and maize to schools, and last year
            it signed a contract to supply a brewery in Nairobi with 300 metric tons of grain.

            Researchers say new crops alone will not protect farmers from a warming climate.
            Water harvesting, crop insurance and better roads to markets matter as much, said
            Samuel Njoroge, an agronomist with the Dryland Crops Research Network, a regional
            nonprofit.

            For Mwikali, the calculation is simpler. Her granary, empty by this time last year, is
            half full. “When I see it,” she said, “I sleep.”
        """),
        captions=paras("""
            Esther Mwikali walks through her sorghum field in Makueni County, Kenya, Friday, Aug.
            15, 2025. (AP Photo/Brian Kamau)

            A worker loads sacks of sorghum at a farmers’ cooperative warehouse in Makueni County,
            Kenya, Friday, Aug. 15, 2025. (AP Photo/Brian Kamau)

            Children chase birds from a sorghum field near Wote, Kenya, Saturday, Aug. 16, 2025.
            (AP Photo/Brian Kamau)
        """),
    ),
    Story(
        sid="s008",
        date="2025-11-07",
        section="Business",
        headline="Robot maker Hanakawa posts record profit as warehouse orders surge",
        place="TOKYO",
        agency="Reuters",
        author="Aiko Morita",
        credit="Reuters",
        trailer="Reporting by Aiko Morita; Editing by Priya Natarajan",
        tags=("Japan", "Earnings", "Robotics"),
        text=paras("""
            Japanese industrial robot maker Hanakawa Dynamics reported a record quarterly
            operating profit on Friday, as orders from warehouse operators in the United States
            and Europe more than offset weak demand from carmakers.

            Operating profit for the July-September quarter rose 38% from a year earlier to 41.2
            billion yen ($270 million), beating the 35.5 billion yen average of nine analyst
            estimates.

            Revenue climbed 21% to 312 billion yen, with logistics robots accounting for more than
            a third of sales for the first time.

            "Customers are no longer asking whether to automate a warehouse but how fast we can
            deliver," President Kenji Aramaki told an earnings briefing in Tokyo. He said the
            company's order backlog stood at a record 540 billion yen.

            Hanakawa raised its full-year operating profit forecast to 150 billion yen from 128
            billion yen.

            Orders from automakers, long the company's biggest customers, fell 12% as carmakers in
            China and Europe postponed investment in new production lines.

            The company said it would spend 60 billion yen over three years to expand its plant in
            Nagoya and open a service center in Poland, its first in eastern Europe.

            Hanakawa shares closed up 4.6% ahead of the results, while the broader Tokyo market
            gained 0.8%.
        """),
        captions=paras("""
            Robotic arms sort parcels at a logistics center in Chiba, Japan, October 28, 2025.
            Photo: Ren Takeda/Reuters
        """),
    ),
    Story(
        sid="s009",
        date="2025-02-11",
        section="U.S. News",
        headline="Wyoming ranching town votes to keep its one-room schoolhouse open",
        place="SAGE FORK, Wyo.",
        agency="AP",
        author="Jesse Calloway",
        credit="Associated Press",
        tags=("Education", "Wyoming", "Rural America"),
        text=paras("""
            Voters in this ranching community of about 300 people on Tuesday approved a property
            tax increase to keep their one-room schoolhouse open for at least another decade,
            rejecting a district plan to bus its students 40 miles to a consolidated school.

            The measure passed 148-61, according to unofficial results from the county clerk.
            Turnout was the highest for a local election in more than 20 years.

            The Sage Fork School, a white clapboard building with a bell tower and a wood stove
            that still works, has taught kindergarten through eighth grade since 1921. It has 11
            students this year and one full-time teacher.

            “People here drove through a snowstorm to vote,” said rancher Carla Mendenhall, whose
            three children attend the school. “That tells you what it means to us.”

            The school district had proposed closing the school to save about $210,000 a year,
            citing rising costs and falling enrollment across the rural West. Supporters argued
            that an hour-and-a-half round trip on icy roads was too much for young children.

            The tax increase will cost the owner of a typical home about $95 a year. The money
            will pay for a new roof, a second part-time teacher and internet service fast enough
            for online classes.

            Teacher Owen Radke, who has taught at Sage Fork for nine years, said his students
            followed the campaign closely. “We did a whole unit on how a ballot measure works,” he
            said. “They were more nervous than I was.”

            Hundreds of one-room schools once dotted the state. Fewer than 20 remain, according to
            a rural education association.
        """),
        captions=paras("""
            Students play outside the Sage Fork School in Sage Fork, Wyo., Monday, Feb. 10, 2025.
            (AP Photo/Lena Hartig)
        """),
    ),
    Story(
        sid="s011",
        date="2025-06-11",
        section="World",
        headline="Lisbon ferry crews call 24-hour strike for start of festival week",
        place="LISBON, Portugal",
        agency="AP",
        author=None,
        credit="Associated Press",
        brief=True,
        tags=("Portugal", "Strikes"),
        text=paras("""
            Ferry crews on the Tagus River will walk off the job for 24 hours on Friday in a
            dispute over overtime pay, their union said Wednesday, stranding thousands of
            commuters from the south bank.

            The walkout falls on the opening day of the city’s festival week. Lisbon expects more
            than a million visitors during the June festivities, according to the city’s tourism
            office.
        """),
    ),
    Story(
        sid="s012",
        date="2025-06-12",
        section="World",
        headline="Lisbon metro to run all night during festival weekend",
        place="LISBON, Portugal",
        agency="AP",
        author=None,
        credit="Associated Press",
        brief=True,
        tags=("Portugal", "Transit"),
        text=paras("""
            Lisbon’s metro will run through the night on Friday and Saturday for the first time,
            the operator said Thursday, as the city prepares for the crowds of its biggest street
            party of the year.

            Trains will run every 20 minutes after midnight on all four lines. Lisbon expects more
            than a million visitors during the June festivities, according to the city’s tourism
            office.
        """),
    ),
    Story(
        sid="s013",
        date="2025-11-06",
        section="World",
        headline="Typhoon-wrecked bridge reopens in northern Philippines after 11 months",
        place="MANILA, Philippines",
        agency="AP",
        author="Mara Soliven",
        credit="Associated Press",
        tags=("Philippines", "Infrastructure", "Typhoons"),
        correction=one("""
            This story has been corrected to show that the bridge is 900 meters long, not 900
            feet.
        """),
        text=paras("""
            A 900-meter (2,950-foot) bridge in the northern Philippines that was partly swept away
            by a typhoon last December reopened to traffic Thursday, ending an 11-month detour
            that added up to four hours to trips for farmers and students.

            Public works officials said the new San Isidro Bridge in Isabela province was rebuilt
            on deeper pilings and raised nearly 2 meters (6.5 feet) above the old deck to
            withstand the floods that have become more severe in the region.

            “Before, when the river rose, we prayed. Now we have engineering,” provincial engineer
            Ramon Dizon said at the reopening.

            The typhoon destroyed three spans of the old bridge and cut the main road linking
            several farming towns to the provincial capital. Residents crossed by small boats for
            weeks until a temporary ferry was set up.

            Rice farmer Lorna Bautista said the detour forced her to sell her harvest to
            middlemen at lower prices because she could not afford to truck it to market herself.
            “Today I can drive there in 40 minutes,” she said.

            The 1.2 billion-peso ($21 million) project was finished two months ahead of schedule,
            officials said.

            The Philippines is hit by about 20 typhoons and tropical storms a year, and officials
            have been pushing to rebuild roads and bridges to tougher standards.
        """),
        captions=paras("""
            Vehicles cross the newly reopened San Isidro Bridge in Isabela province, northern
            Philippines, Thursday, Nov. 6, 2025. (AP Photo/Rico Dalisay)

            Residents walk across the San Isidro Bridge during its reopening ceremony in Isabela
            province, Philippines, Thursday, Nov. 6, 2025. (AP Photo/Rico Dalisay)
        """),
    ),
    Story(
        sid="s014",
        date="2025-08-05",
        section="Local",
        headline="Northfield library will open on Sundays again starting in September",
        place=None,
        agency=None,
        author="Tom Vickery",
        credit="Northfield Herald",
        tags=("Libraries", "Town Council"),
        text=paras("""
            The Northfield Public Library will open on Sundays for the first time in 14 years
            starting Sept. 7, after the town council approved $48,000 to pay for staff and
            utilities.

            The main library on Elm Street will be open from 1 to 5 p.m. on Sundays through May.
            The Eastside branch will stay closed on weekends.

            Library director Priya Raman said Sunday hours were the most common request in a
            survey of more than 1,100 residents last winter. “Families told us that Saturday is
            for errands and sports, and Sunday is the day they actually have time to come in
            together,” she said.

            The council voted 6-1 for the funding Monday night. Council member Frank Duchesne,
            who voted no, said he supported the idea but wanted the money to come from the
            library’s existing budget.

            The library stopped opening on Sundays in 2011 after budget cuts. Its visits have
            since recovered to about 210,000 a year, close to the level before the cuts,
            according to library figures.

            The first Sunday will feature a story hour at 2 p.m. and a used-book sale run by the
            Friends of the Northfield Library.
        """),
        captions=paras("""
            The reading room of the Northfield Public Library on Elm Street. (Herald file photo)
        """),
    ),
)
STORY = {s.sid: s for s in STORIES}


# --------------------------------------------------------------------------------------
# What one page prints of a story
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    """One story as a page prints it: all text already in the outlet's typography."""

    story: Story
    headline: str
    dateline: dict[str, str] | None
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]
    correction: str | None
    byline: str | None
    trailer: str | None

    def label(self, primary: bool) -> dict[str, object]:
        return {
            "story": self.story.sid,
            "primary": primary,
            "headline": self.headline,
            "dateline": self.dateline,
            "body": "\n\n".join(self.paragraphs),
            "captions": list(dict.fromkeys(self.captions)),
            "corrections": [self.correction] if self.correction else [],
        }


def straight(text: str) -> str:
    """Typography of an outlet whose CMS turns curly quotes straight and dashes into --."""
    table = {ord("“"): '"', ord("”"): '"', ord("‘"): "'", ord("’"): "'"}
    return text.translate(table).replace("—", "--")


def curly(text: str) -> str:
    """Typography of an outlet whose CMS 'smartens' straight quotes."""
    text = re.sub(r'(^|[\s(\[—])"', "\\1“", text).replace('"', "”")
    text = re.sub(r"(^|[\s(\[“—])'", "\\1‘", text)
    return text.replace("'", "’")


def as_is(text: str) -> str:
    return text


@dataclass(frozen=True)
class Copy:
    """One page: an outlet's copy of a story, with the edits syndication made to it."""

    outlet: str
    story: str
    early: bool = False  # the earlier version of the story
    keep: int | None = None  # truncated to the first N paragraphs
    no_dateline: bool = False  # the outlet (or this copy) drops the dateline
    correction: bool = False  # the copy carries the story's correction line
    appended: str | None = None  # a second, unrelated story printed after the first
    headline: str | None = None  # the outlet's own headline
    day_offset: int = 0  # page date minus the story's wire date
    clock: str | None = None  # "HH:MM" publication time, when it matters


def print_story(story: Story, copy: Copy, outlet: Outlet, correction: bool) -> Printed:
    text = list(story.text)
    headline = story.headline
    if copy.early and story is STORY[copy.story]:
        assert story.early_keep and story.early_headline
        text = text[: story.early_keep]
        for final, earlier in story.early_edits:
            hits = [i for i, p in enumerate(text) if final in p]
            assert len(hits) == 1, (story.sid, final)
            text[hits[0]] = text[hits[0]].replace(final, earlier)
        headline = story.early_headline
    if copy.keep and story is STORY[copy.story]:
        text = text[: copy.keep]
    if copy.headline and story is STORY[copy.story]:
        headline = copy.headline
    dateline = None
    if story.place and not (copy.no_dateline or outlet.drops_dateline):
        text[0] = story.dateline + text[0]
        dateline = {"place": story.place, "agency": story.agency}
    fix = outlet.typography
    byline = None
    if story.author:
        byline = outlet.byline(story.author, story.credit)
    return Printed(
        story=story,
        headline=fix(headline),
        dateline=dateline,
        paragraphs=tuple(fix(p) for p in text),
        captions=tuple(fix(c) for c in story.captions[: outlet.max_captions]),
        correction=fix(story.correction) if correction and story.correction else None,
        byline=byline,
        trailer=story.trailer if outlet.prints_trailer else None,
    )


# --------------------------------------------------------------------------------------
# Pages and outlet templates
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    doc: str
    index: int  # 1-based position in the corpus, drives timestamps and counters
    outlet: Outlet
    copy: Copy
    date: dt.date
    main: Printed
    extra: Printed | None
    related: tuple[str, ...]  # headlines of the outlet's other pages, for its link lists

    @property
    def published(self) -> dt.datetime:
        if self.copy.clock:
            hh, mm = (int(x) for x in self.copy.clock.split(":"))
        else:
            hh, mm = 6 + (self.index * 7) % 13, (self.index * 23 + 11) % 60
        return dt.datetime.combine(self.date, dt.time(hh, mm))

    @property
    def updated(self) -> dt.datetime:
        return self.published + dt.timedelta(minutes=9 + (self.index * 13) % 50)

    @property
    def slug(self) -> str:
        words = re.sub(r"[^a-z0-9]+", " ", self.main.headline.lower()).split()
        return "-".join(words[:9])

    @property
    def url(self) -> str:
        return f"https://{self.outlet.host}/{self.outlet.path(self)}"

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.main.paragraphs)


AP_MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


def ap_date(d: dt.date) -> str:
    return f"{AP_MONTHS[d.month - 1]} {d.day}, {d.year}"


def long_date(d: dt.date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def clock12(t: dt.datetime, style: str = "a.m.") -> str:
    hour = t.hour % 12 or 12
    if style == "AM":
        return f"{hour}:{t:%M} {'AM' if t.hour < 12 else 'PM'}"
    return f"{hour}:{t:%M} {'a.m.' if t.hour < 12 else 'p.m.'}"


def body(printed: Printed, after: dict[int, list[str]] | None = None) -> list[str]:
    """The story's paragraphs as blocks, with extra blocks inserted after paragraph k (1-based)."""
    after = after or {}
    blocks: list[str] = []
    for k, para in enumerate(printed.paragraphs, start=1):
        blocks.append(para)
        blocks.extend(after.get(k, []))
    return blocks


def lines(*items: str) -> str:
    return "\n".join(items)


def pick(pool: tuple[str, ...], start: int, n: int) -> list[str]:
    return [pool[(start + i) % len(pool)] for i in range(n)]


# Northfield Herald: a regional daily. "Headline | Northfield Herald" title line, captions
# once inside the story, "More from" block, cookie notice and footer at the bottom.
def render_northfield(page: Page) -> list[str]:
    p = page.main
    top = [
        "Skip to content",
        "Northfield Herald",
        "Sign in",
        "Subscribe: $1 for 6 months",
        "News", "Local", "Business", "Sports", "Opinion", "Obituaries", "e-Edition",
        f"{p.headline} | Northfield Herald",
        p.story.section.upper(),
        p.headline,
    ]  # fmt: skip
    if p.byline:
        top.append(p.byline)
    top += [
        f"Published {page.published:%H:%M} Updated {page.updated:%H:%M}",
        "Share on Facebook",
        "Share on X",
        "Email this article",
    ]
    after = {2: [p.captions[0]]} if p.captions else {}
    if len(p.captions) > 1:
        after[6] = [p.captions[1]]
    blocks = [lines(*top), *body(p, after)]
    if p.correction:
        blocks.append(p.correction)
    blocks.append(lines("More from Northfield Herald", *page.related))
    blocks.append(
        lines(
            "We use cookies to improve your experience on our site. By continuing, you agree to "
            "our Privacy Policy. Got it",
            "© 2025 Northfield Herald Media Co. All rights reserved.",
            "About Us", "Contact the Newsroom", "Terms of Service", "Privacy Policy",
            "Advertise With Us",
        )
    )
    return blocks


BAYLINE_APPEAL = one("""
    Your gift powers the Bayline newsroom Read more Give Today Whether it is a school board
    fight, a storm on the bay or a budget vote at the statehouse, The Bayline Daily sends
    reporters to see it for themselves. We don't put our stories behind a paywall, because we
    think everyone in our region deserves to know what is happening in it. That only works
    because readers chip in. A gift of any size pays for the next story, and the one after
    that. Read more
""")


# The Bayline Daily: a nonprofit site. Its donation appeal is glued onto the header line,
# it strips wire datelines and prints no captions.
def render_bayline(page: Page) -> list[str]:
    p = page.main
    byline = [p.byline] if p.byline else []
    blocks = [
        p.headline,
        lines(*byline, f"{long_date(page.date)} at {clock12(page.published)}"),
        *body(p),
    ]
    if p.correction:
        blocks.append(p.correction)
    blocks += [
        lines("Share this story", "Facebook", "Bluesky", "Email"),
        lines("Most popular", *page.related),
        lines("The Bayline Daily © 2025", "A nonprofit newsroom serving the bay region"),
    ]
    return blocks


def gallery(captions: tuple[str, ...]) -> list[str]:
    return [c for c in captions for _ in range(2)]


# NewsStream Hub: an aggregator. Headline and section repeated in its navigation, every
# caption printed twice and the whole gallery printed twice, sometimes a second story.
def render_newsstream(page: Page) -> list[str]:
    p = page.main
    section = p.story.section
    blocks = [
        "Skip to Content Top Stories Image",
        p.headline,
        section,
        lines(p.headline, section),
        section,
        p.headline,
        f"{page.published:%Y-%m-%d %H:%M} Last Update: {page.updated:%H:%M}",
    ]
    shots = gallery(p.captions)
    after = {2: ["More Images\n" + shots[0], *shots[1:]]} if shots else {}
    blocks += body(p, after)
    if p.correction:
        blocks.append(p.correction)
    blocks += shots
    if page.extra:
        x = page.extra
        blocks += [x.headline, *body(x)]
        if x.correction:
            blocks.append(x.correction)
        blocks += gallery(x.captions)
    blocks.append(lines("Recommended Articles", *page.related))
    return blocks


# The Coastal Ledger: cookie banner on top, each caption printed twice in a row (image
# alt text, then the figure caption), agency copyright line under the story.
def render_coastal(page: Page) -> list[str]:
    p = page.main
    top = [
        "We use cookies to personalize content and analyze traffic. "
        "Accept all | Reject all | Manage preferences",
        "The Coastal Ledger",
        "Menu", "Search", "Log in", "Subscribe",
        f"Home / {p.story.section}",
        f"{p.headline} | The Coastal Ledger",
        p.headline,
    ]  # fmt: skip
    if p.byline:
        top.append(p.byline)
    top += [
        f"Updated {clock12(page.updated, 'AM')} EDT, {long_date(page.date)}",
        "Listen to this article",
        "Share",
    ]
    after: dict[int, list[str]] = {}
    for k, caption in zip((1, 4, 7), p.captions, strict=False):
        after[k] = [lines(caption, caption)]
    blocks = [lines(*top), *body(p, after)]
    if p.correction:
        blocks.append(p.correction)
    if p.trailer:
        blocks.append(p.trailer)
    owner = {"AP": "The Associated Press", "Reuters": "Reuters"}.get(p.story.agency or "")
    blocks += [
        f"Copyright 2025 {owner or 'The Coastal Ledger'}. All rights reserved. This material "
        "may not be published, broadcast, rewritten or redistributed.",
        lines("Trending", *page.related),
        lines("Sign up for The Morning Tide", "Enter your email address", "Sign up"),
        "© 2025 Coastal Ledger Publishing · Privacy Policy · Terms of Use · Accessibility",
    ]
    return blocks


# Prairie Wire Report: a plain site whose CMS straightens quotes and turns em dashes into
# "--". Breadcrumb, ISO timestamps, photos listed once at the bottom.
def render_prairie(page: Page) -> list[str]:
    p = page.main
    top = [
        "PRAIRIE WIRE REPORT",
        f"Home > {p.story.section} > {p.headline}",
        p.headline,
    ]
    if p.byline:
        top.append(p.byline)
    top += [
        f"Posted: {page.published:%Y-%m-%d %H:%M} CT | Updated: {page.updated:%Y-%m-%d %H:%M} CT",
        f"Listen to this article ({max(2, page.words // 180)} min)",
    ]
    blocks = [lines(*top), *body(p)]
    if p.correction:
        blocks.append(p.correction)
    if p.trailer:
        blocks.append(p.trailer)
    if p.captions:
        blocks.append(lines("Photos:", *p.captions))
    blocks += [
        lines(
            f"Tags: {', '.join((p.story.section, *p.story.tags))}",
            "Related:",
            *(f"- {h}" for h in page.related),
        ),
        "Copyright (c) 2025 Prairie Wire Report. Wire content used under license.",
    ]
    return blocks


METRO_TRENDING = (
    "Council delays vote on downtown parking garage for third time",
    "Where to find the best food trucks this weekend",
    "Police identify driver in Route 9 crash",
    "High school robotics team heads to nationals",
    "Water main break closes two blocks of Fairview Avenue",
    "Review: A new bakery worth the line on Chapel Street",
    "Five things to know about the new trash pickup schedule",
    "Transit board approves fare freeze through 2026",
)
METRO_WEATHER = ("64°F Cloudy", "71°F Sunny", "58°F Light rain", "80°F Humid", "49°F Windy")


# Metro Sentinel: a chrome-heavy metro daily. Long navigation, weather widget, ads between
# paragraphs, trending and most-read lists, newsletter box and a long footer.
def render_metro(page: Page) -> list[str]:
    p = page.main
    i = page.index
    top = [
        "Metro Sentinel",
        "Skip to main content",
        "Subscribe", "Log In", "Today's Paper",
        f"Metro weather: {METRO_WEATHER[i % len(METRO_WEATHER)]}",
        "Sections",
        "Metro", "Politics", "Business", "Sports", "Arts & Life", "Opinion", "Obituaries",
        "Puzzles", "Real Estate", "Jobs",
        "Breaking News Alerts: Get the latest headlines delivered to your inbox. Sign up",
        "Advertisement",
        p.story.section,
        p.headline,
    ]  # fmt: skip
    if p.byline:
        top.append(p.byline)
    top += [
        f"{page.date:%A}, {long_date(page.date)} at {clock12(page.published)}",
        f"Updated {clock12(page.updated)}",
        "Share", "Gift Article", f"Comments ({(i * 7) % 40})",
    ]  # fmt: skip
    blocks = [lines(*top)]
    if p.captions:
        blocks.append(lines("Enlarge", p.captions[0]))
    after = {k: ["Advertisement"] for k in range(3, len(p.paragraphs), 3)}
    blocks += body(p, after)
    if p.correction:
        blocks.append(p.correction)
    blocks += [
        lines("Trending Now", *(f"{n}. {h}" for n, h in enumerate(pick(METRO_TRENDING, i, 5), 1))),
        "Advertisement",
        lines("Most Read in Metro", *pick(METRO_TRENDING, i + 5, 3), *page.related[:2]),
        lines(
            "The Morning Sentinel",
            "Start your day with the stories Metro is talking about. Delivered weekdays at 6 a.m.",
            "Email address",
            "Sign Up",
        ),
        lines(
            "About Us", "Careers", "Contact", "Advertise", "Newsroom Policies", "Terms of Service",
            "Privacy Policy", "Do Not Sell or Share My Personal Information",
            "© 2025 Metro Sentinel Media Group. All rights reserved.",
        ),
    ]
    return blocks


HARBOR_APPEAL = (
    "Support local journalism. Harbor Times members make stories like this possible. "
    "Become a member for $5 a month."
)


# Harbor Times: lead photo caption above the story, membership appeal after paragraph 4,
# en-dash title line, "Filed under" and "Read next" blocks.
def render_harbor(page: Page) -> list[str]:
    p = page.main
    top = [
        "Menu", "Search", "Harbor Times", "Subscribe", "Sign In",
        f"{p.headline} – Harbor Times",
        f"NEWS › {p.story.section}",
        p.headline,
    ]  # fmt: skip
    if p.captions:
        top.append(p.captions[0])
    if p.byline:
        top.append(p.byline)
    top += [
        f"Last updated: {page.updated:%b} {page.date.day}, {page.date.year}, "
        f"{clock12(page.updated)}",
        f"First published: {page.published:%b} {page.date.day}, {page.date.year}, "
        f"{clock12(page.published)}",
    ]
    blocks = [lines(*top), *body(p, {4: [HARBOR_APPEAL]})]
    if p.correction:
        blocks.append(p.correction)
    blocks += [
        f"Filed under: {', '.join(p.story.tags)}",
        lines("Read next", *page.related),
        lines(
            "Harbor Times", "Contact the newsroom", "Submit a news tip", "Privacy", "Terms",
            "© 2025 Harbor Times Community Media",
        ),
    ]
    return blocks


# Valley Courier: a paywalled small daily. Pipe-separated navigation on one line, lead caption
# above the story, and a subscription wall after the first paragraphs of wire copy.
def render_valley(page: Page) -> list[str]:
    p = page.main
    top = [
        "Valley Courier",
        "Your trusted source for Valley news since 1889",
        "Home | News | Sports | Business | Opinion | Life | Obituaries | Classifieds",
        "Log in | Subscribe",
        f"{p.headline} | Valley Courier",
        p.headline,
    ]
    if p.captions:
        top.append(p.captions[0])
    if p.byline:
        top.append(p.byline)
    top.append(f"{page.date:%b} {page.date.day}, {page.date.year}")
    blocks = [lines(*top), *body(p)]
    if page.copy.keep:
        blocks.append(
            lines(
                "Continue reading with a Valley Courier subscription",
                "Subscribe now: 99¢ for your first month",
                "Already a subscriber? Log in",
            )
        )
    elif p.correction:
        blocks.append(p.correction)
    blocks += [
        lines("Around the Valley", *page.related),
        "© Copyright 2025 Valley Courier, a Riverbend Media newspaper | Terms | Privacy",
    ]
    return blocks


# Globe Digest: an international digest of agency copy. Lead caption under the headline,
# day-month-year GMT stamp with reading time, Reuters credit line kept under the story.
def render_globe(page: Page) -> list[str]:
    p = page.main
    minutes = max(2, -(-page.words // 200))
    top = [
        "Globe Digest",
        "Edition: International",
        "World", "Business", "Markets", "Science", "Sport", "Culture", "Newsletters",
        "Sign up",
        p.story.section,
        p.headline,
    ]  # fmt: skip
    if p.captions:
        top.append(p.captions[0])
    if p.byline:
        top.append(p.byline)
    stamp = f"{page.date.day} {page.date:%B %Y} · {page.published:%H:%M} GMT"
    top.append(f"{stamp} · {minutes} min read")
    blocks = [lines(*top), *body(p)]
    if p.correction:
        blocks.append(p.correction)
    if p.trailer:
        blocks.append(p.trailer)
    blocks += [
        lines("Our standards: how Globe Digest works with news agencies", "Read more"),
        lines("More from Globe Digest", *page.related),
        lines(
            "Globe Digest Ltd. All rights reserved. Registered in England and Wales.",
            "Cookie settings",
        ),
    ]
    return blocks


SUMMIT_WEATHER = ("Summit 41°F Snow showers", "Summit 55°F Clear", "Summit 38°F Overcast")


# Summit Observer: a nonprofit mountain-town site whose CMS curls straight quotes. Captions
# behind an "Enlarge this image" line, donation appeal at the end.
def render_summit(page: Page) -> list[str]:
    p = page.main
    top = [
        "Summit Observer",
        "Listen",
        "Skip to content",
        SUMMIT_WEATHER[page.index % len(SUMMIT_WEATHER)],
        "Local", "Outdoors", "Sports", "Business", "Science", "Opinion", "Events",
        "Support the Observer",
        f"{p.headline} | Summit Observer",
        p.headline,
    ]  # fmt: skip
    if p.byline:
        top.append(p.byline)
    top += [
        f"{ap_date(page.date)}, {clock12(page.published)}",
        "Gift this article",
        f"Comments ({(page.index * 3) % 25})",
    ]
    after: dict[int, list[str]] = {}
    for k, caption in zip((3, 6), p.captions, strict=False):
        after[k] = [lines("Enlarge this image", caption)]
    blocks = [lines(*top), *body(p, after)]
    if p.correction:
        blocks.append(p.correction)
    blocks += [
        "The Summit Observer is a nonprofit newsroom. If you value stories like this one, "
        "please consider a donation of any amount. Donate",
        lines("More from the Observer", *page.related),
        lines("Summit Observer · PO Box 114 · Summit, CO", "© 2025 Summit Observer"),
    ]
    return blocks


@dataclass(frozen=True)
class Outlet:
    host: str
    name: str
    render: Callable[[Page], list[str]]
    path: Callable[[Page], str]
    byline: Callable[[str, str], str]
    typography: Callable[[str], str] = as_is
    drops_dateline: bool = False
    max_captions: int = 1
    prints_trailer: bool = False
    glued_appeal: str | None = None  # donation appeal printed on the header line


def short_hash(page: Page) -> str:
    return hashlib.sha1(page.doc.encode()).hexdigest()[:7]


def section_slug(page: Page) -> str:
    return re.sub(r"[^a-z]+", "-", page.main.story.section.lower().replace(".", ""))


OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        host="northfield-herald.example",
        name="Northfield Herald",
        render=render_northfield,
        path=lambda pg: f"news/{section_slug(pg)}/{pg.slug}/",
        byline=lambda a, c: f"By {a}, The Associated Press" if c == "Associated Press"
        else f"By {a}, {c}",
        max_captions=2,
    ),
    Outlet(
        host="bayline-daily.example",
        name="The Bayline Daily",
        render=render_bayline,
        path=lambda pg: f"{pg.date:%Y/%m/%d}/{pg.slug}",
        byline=lambda a, c: f"{a}\n{c}",
        drops_dateline=True,
        max_captions=0,
        glued_appeal=BAYLINE_APPEAL,
    ),
    Outlet(
        host="newsstream-hub.example",
        name="NewsStream Hub",
        render=render_newsstream,
        path=lambda pg: f"article/{1048000 + 37 * pg.index}/{pg.slug}",
        byline=lambda a, c: f"{a}, {c}",
        max_captions=5,
    ),
    Outlet(
        host="coastal-ledger.example",
        name="The Coastal Ledger",
        render=render_coastal,
        path=lambda pg: f"{section_slug(pg)}/{pg.slug}-{short_hash(pg)}.html",
        byline=lambda a, c: f"By {a.upper()} {c}",
        max_captions=3,
        prints_trailer=True,
    ),
    Outlet(
        host="prairie-wire.example",
        name="Prairie Wire Report",
        render=render_prairie,
        path=lambda pg: f"story/{pg.date:%Y%m%d}-{pg.slug}",
        byline=lambda a, c: f"{a.upper()}, {c}",
        typography=straight,
        max_captions=5,
        prints_trailer=True,
    ),
    Outlet(
        host="metro-sentinel.example",
        name="Metro Sentinel",
        render=render_metro,
        path=lambda pg: f"{section_slug(pg)}/{pg.date:%Y/%m/%d}/{pg.slug}/",
        byline=lambda a, c: f"By {a} | {'AP' if c == 'Associated Press' else c}",
    ),
    Outlet(
        host="harbor-times.example",
        name="Harbor Times",
        render=render_harbor,
        path=lambda pg: f"news/{pg.slug}",
        byline=lambda a, c: f"{a} | {c}",
    ),
    Outlet(
        host="valley-courier.example",
        name="Valley Courier",
        render=render_valley,
        path=lambda pg: f"articles/{pg.slug}",
        byline=lambda a, c: f"By {a}" if c == "Valley Courier" else f"By {a}\n{c}",
    ),
    Outlet(
        host="globe-digest.example",
        name="Globe Digest",
        render=render_globe,
        path=lambda pg: f"{section_slug(pg)}/{pg.slug}-{pg.date:%Y%m%d}/",
        byline=lambda a, c: f"By {a}",
        prints_trailer=True,
    ),
    Outlet(
        host="summit-observer.example",
        name="Summit Observer",
        render=render_summit,
        path=lambda pg: f"{pg.date:%Y/%m/%d}/{pg.slug}/",
        byline=lambda a, c: f"{a}, The Associated Press" if c == "Associated Press"
        else f"{a}, {c}",
        typography=curly,
        max_captions=2,
    ),
)
OUTLET = {o.host.split("-")[0]: o for o in OUTLETS}  # "northfield", "bayline", ...


# --------------------------------------------------------------------------------------
# The corpus: which outlet printed what, with which edits (one Copy per page, in page order)
# --------------------------------------------------------------------------------------

COPIES: tuple[Copy, ...] = (
    # s004 Denver hockey (AP), run by three outlets and appended on an aggregator page.
    Copy("summit", "s004"),
    Copy("metro", "s004", day_offset=1),
    Copy("northfield", "s004", day_offset=1),
    # s005 young-star water (AFP); the aggregator copy carries the hockey story after it.
    Copy("globe", "s005"),
    Copy("summit", "s005"),
    Copy("newsstream", "s005", appended="s004"),
    # s009 one-room school (AP).
    Copy("prairie", "s009"),
    Copy("valley", "s009", day_offset=1),
    Copy("metro", "s009"),
    Copy("bayline", "s009"),
    # s001 Maine cannery fire (AP), six outlets with the classic syndication edits.
    Copy("northfield", "s001"),
    Copy("bayline", "s001"),
    Copy("newsstream", "s001"),
    Copy("coastal", "s001"),
    Copy("prairie", "s001"),
    Copy("valley", "s001", keep=5),
    # s010 follow-up of s001: reuses two background paragraphs verbatim.
    Copy("northfield", "s010"),
    Copy("coastal", "s010"),
    Copy("bayline", "s010"),
    # s006 typewriter feature, no dateline, shared by three sister papers.
    Copy("valley", "s006"),
    Copy("northfield", "s006", day_offset=1),
    Copy("harbor", "s006", day_offset=2),
    # s002 Alpine glacier pact (Reuters).
    Copy("globe", "s002"),
    Copy("summit", "s002"),
    Copy("coastal", "s002"),
    Copy("prairie", "s002"),
    # s003 Corvane recall (AP): earlier and later versions, one outlet runs both.
    Copy("harbor", "s003", early=True, clock="09:40"),
    Copy("newsstream", "s003", early=True, clock="10:05"),
    Copy("harbor", "s003", clock="16:25"),
    Copy("northfield", "s003"),
    Copy("valley", "s003", keep=4),
    Copy(
        "metro",
        "s003",
        headline="Corvane recalls 48,000 electric vans; brakes can cut out on hills",
    ),
    # s011 and s012: two Lisbon briefs sharing a dateline and a sentence.
    Copy("metro", "s011"),
    Copy("summit", "s011"),
    Copy("metro", "s012"),
    # s014 local library story, one outlet only.
    Copy("northfield", "s014"),
    # s007 Kenya sorghum (AP): later copies carry the correction.
    Copy("bayline", "s007"),
    Copy("newsstream", "s007"),
    Copy("coastal", "s007", correction=True),
    Copy("globe", "s007", day_offset=1, correction=True),
    # s013 Philippine bridge (AP), corrected; appended on the aggregator's s008 page.
    Copy("harbor", "s013", correction=True),
    Copy("summit", "s013", day_offset=1, correction=True),
    # s008 Hanakawa earnings (Reuters).
    Copy("globe", "s008"),
    Copy("harbor", "s008", no_dateline=True),
    Copy("prairie", "s008"),
    Copy("newsstream", "s008", appended="s013"),
)

# Corrections on appended stories: the aggregator printed the corrected s013.
APPENDED_CORRECTED = {"s013"}


def build() -> list[Page]:
    printed: list[tuple[Copy, Outlet, Printed, Printed | None]] = []
    for copy in COPIES:
        outlet = OUTLET[copy.outlet]
        story = STORY[copy.story]
        main = print_story(story, copy, outlet, copy.correction)
        extra = None
        if copy.appended:
            other = STORY[copy.appended]
            extra = print_story(other, copy, outlet, other.sid in APPENDED_CORRECTED)
        printed.append((copy, outlet, main, extra))

    pages: list[Page] = []
    for i, (copy, outlet, main, extra) in enumerate(printed, start=1):
        # The outlet's other pages, starting after this one, for its link lists.
        mine = [m for c, o, m, _ in printed if o is outlet]
        at = mine.index(main)
        related: list[str] = []
        for m in mine[at + 1 :] + mine[:at]:
            if m.story.sid != main.story.sid and m.headline not in related:
                related.append(m.headline)
        date = dt.date.fromisoformat(STORY[copy.story].date) + dt.timedelta(copy.day_offset)
        pages.append(
            Page(
                doc=f"d{i:04d}",
                index=i,
                outlet=outlet,
                copy=copy,
                date=date,
                main=main,
                extra=extra,
                related=tuple(related[:3]),
            )
        )
    return pages


def page_text(page: Page) -> str:
    header = f"date {page.date.isoformat()}"
    if page.outlet.glued_appeal:
        header += " " + page.outlet.glued_appeal
    return "\n\n".join([header, *page.outlet.render(page)]) + "\n"


def page_id(page: Page) -> str:
    """The page's doc_id as copydesk gives it: its path under the corpus folder."""
    return f"{page.outlet.host}/{page.doc}"


def page_label(page: Page) -> dict[str, object]:
    story = page.main.story
    kind = "normal"
    if story.brief:
        kind = "brief"
    elif story.follow_up_of:
        kind = f"follow-up of {story.follow_up_of}"
    stories = [page.main.label(primary=True)]
    if page.extra:
        stories.append(page.extra.label(primary=False))
    return {
        "page": page_id(page),
        "url": page.url,
        "outlet": page.outlet.host,
        "kind": kind,
        "stories": stories,
    }


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------


def check(texts: dict[str, str], labels: list[dict]) -> dict[str, int]:
    """Assert the gold labels against the written pages; return the corpus counts."""
    assert len(texts) == len(labels) == len({lab["page"] for lab in labels})
    story_outlets: dict[str, set[str]] = {}
    story_bodies: dict[str, list[set[str]]] = {}
    counts = {"captions": 0, "corrections": 0, "two_story_pages": 0}
    for lab in labels:
        text = texts[lab["page"]]
        assert re.match(r"date \d{4}-\d{2}-\d{2}(\n| )", text), lab["page"]
        assert lab["url"].startswith(f"https://{lab['outlet']}/")
        assert lab["outlet"].endswith(".example")
        page_lines = set(text.split("\n"))
        stories = lab["stories"]
        assert [s["primary"] for s in stories] == [True] + [False] * (len(stories) - 1)
        counts["two_story_pages"] += len(stories) > 1
        for s in stories:
            where = (lab["page"], s["story"])
            assert s["headline"] in page_lines, where
            paragraphs = s["body"].split("\n\n")
            for para in paragraphs:
                assert para in page_lines, (*where, para[:60])
                assert para.strip() == para and para, where
            if s["dateline"]:
                place, agency = s["dateline"]["place"], s["dateline"]["agency"]
                assert s["body"].startswith(f"{place} ({agency}) "), where
            for caption in s["captions"]:
                assert caption in page_lines, (*where, caption[:60])
                assert caption not in paragraphs, where
                assert re.search(r"(\(.*(Photo|photo).*\)|Photo: .*/Reuters)$", caption), caption
            for corr in s["corrections"]:
                assert corr in page_lines, where
                assert corr.startswith(("Correction:", "This story has been corrected")), where
            counts["captions"] += len(s["captions"])
            counts["corrections"] += len(s["corrections"])
            story_outlets.setdefault(s["story"], set()).add(lab["outlet"])
            story_bodies.setdefault(s["story"], []).append(set(paragraphs))
    for lab in labels:  # a follow-up reuses background paragraphs of its story verbatim
        if lab["kind"].startswith("follow-up of "):
            first = lab["kind"].removeprefix("follow-up of ")
            mine = set(lab["stories"][0]["body"].split("\n\n"))
            assert any(mine & theirs for theirs in story_bodies[first]), lab["page"]
    multi = [s for s, o in story_outlets.items() if 2 <= len(o) <= 8]
    counts.update(
        pages=len(labels),
        outlets=len({lab["outlet"] for lab in labels}),
        stories=len(story_outlets),
        multi_outlet_stories=len(multi),
    )
    assert counts["pages"] >= 40 and counts["outlets"] >= 8 and len(multi) >= 6, counts
    return counts


def check_typography() -> None:
    """AP copy is written with curly quotes, Reuters and AFP copy with straight ones."""
    for s in STORIES:
        text = "\n".join((s.headline, *s.text, *s.captions, s.correction or ""))
        if s.agency in ("Reuters", "AFP"):
            assert not re.search("[“”‘’]", text), s.sid
        else:
            assert not re.search("[\"']", text), s.sid


def main() -> None:
    check_typography()
    pages = build()
    texts = {page_id(page): page_text(page) for page in pages}
    labels = [page_label(page) for page in pages]
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    for page in pages:
        path = CORPUS / page.outlet.host / f"{page.doc}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[page_id(page)], encoding="utf-8", newline="\n")
    with LABELS.open("w", encoding="utf-8", newline="\n") as f:
        for lab in labels:
            f.write(json.dumps(lab, ensure_ascii=False) + "\n")
    # Check what is on disk, not what is in memory.
    on_disk = {
        f"{p.parent.name}/{p.stem}": p.read_text(encoding="utf-8") for p in CORPUS.glob("*/*.txt")
    }
    assert on_disk == texts
    gold = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    counts = check(on_disk, gold)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
