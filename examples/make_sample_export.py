"""Build examples/sample-linkedin-export.zip: an invented LinkedIn data export in LinkedIn's layout.

Everyone in it is made up: names are drawn from two lists of first and last
names, profile URLs are ``https://www.linkedin.com/in/<name>-<hex>`` slugs
nobody owns, e-mail addresses use the reserved ``example.com/.org/.net``
domains and phone numbers come from the ranges set aside for fiction (UK
07700 900xxx, US 555-01xx). The messages were written by hand for this
sample, one by one; only the mass-outreach templates are repeated, on
purpose, with small changes, to show how the report flags them.

The export belongs to "Robin Achterberg", head of growth at an invented
snack brand, who writes a newsletter and gives talks, so people write to
Robin for all five reasons linkmotive knows.

The layouts follow what LinkedIn exports (see linkmotive/export.py):
``Connections.csv`` with its three lines of notes, ``Invitations.csv`` with
the profile-URL columns and US-style ``Sent At`` dates, ``messages.csv``
with every field quoted, and ``Profile.csv``. The files are the same on
every run (fixed seed and timestamps): ``python examples/make_sample_export.py``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

OUT = Path(__file__).resolve().parent / "sample-linkedin-export.zip"
SEED = 20260115
ME = ("Robin", "Achterberg")
ME_URL = "https://www.linkedin.com/in/robin-achterberg-5c1e0a"
ME_HEADLINE = "Head of Growth at Tessellate Foods | writes the Shelf Life newsletter"

# --- the messages, written by hand, grouped by the motive they were written for ------------------------------------
NETWORK = [
    "Hi Robin, we were at the same table at FoodTech Rotterdam in March - I was the one who spilled coffee on the speaker notes. Would be good to stay in touch.",
    "Fellow Wageningen alum here (class of 2011). Saw your name in the alumni newsletter and thought I'd say hello.",
    "Robin! It's been forever since the graduate scheme. Just found you on here, let's reconnect.",
    "Hi, we have 40+ mutual connections in the Benelux food scene so it felt odd not to be connected. Happy to link up.",
    "We met briefly at the Amsterdam growth marketers drinks last Thursday - you recommended that Dutch podcast about retail media. Great chatting!",
    "Hello Robin, I've just joined your sister company in Ghent as a brand manager, so I expect our paths will cross. Looking forward to it.",
    "Hi Robin, Marieke from the Plant-Based Founders Slack suggested I connect with you. No agenda, just nice to know the people in the group.",
    "Hey, I'm also based in Utrecht and work in CPG marketing. Always nice to know people nearby, maybe a coffee sometime.",
    "Hi Robin - we sat next to each other on the delayed train back from Anuga in Cologne. Good to put a name to the face!",
    "I run the monthly Rotterdam food founders breakfast. A few of our regulars mentioned you - you'd be very welcome to join the circle.",
    "Hi Robin, former colleague of Jeroen at the Hema head office. He speaks highly of you. Would love to have you in my network.",
    "Good to see you at the SIAL stand yesterday, sorry we got cut off. Connecting so we don't lose each other.",
    "Hello! I'm gathering a small group of growth people working in food & drink across Europe. We compare notes once a month on a call, nothing commercial. Would you like to be part of it?",
    "Hi Robin, we were both in the growth cohort last autumn (I was in breakout group 4). Let's stay connected.",
    "Salut Robin, on s'est croisés au salon SIRHA à Lyon. Ravi de garder le contact !",
    "Hoi Robin, we zaten samen in de jury van de Food Innovation Award. Leuk om elkaar hier ook te volgen.",
    "Hi Robin, I work in marketing too, mostly beverages. I like seeing how people in neighbouring categories think, so I'm connecting with peers like you.",
    "hey robin, our kids are in the same class at de Regenboog apparently lol. small world. connecting!",
    "Hi Robin, I'm the new chair of the marketing association's FMCG chapter and I'm trying to connect with all members before our first meetup.",
    "Hello Robin, we worked on the same shelf reset project from opposite sides back in 2019. Hope all is well with you.",
    "Hi there, just moved to the Netherlands from Lisbon and I'm getting to know people in the food industry here. Nice to connect.",
    "Robin, great to meet you on the call for the retail working group. Looking forward to the next session.",
    "Hi Robin, I'm a product manager at a snacks company in Hamburg. I think we're working on similar problems from different angles - happy to swap ideas any time.",
    "Hallo Robin, wir haben uns auf der ISM in Köln kurz unterhalten. Würde mich freuen, in Kontakt zu bleiben.",
    "Hi Robin, our mutual friend Sanne said we should know each other since we're both in food marketing in Utrecht. Hello!",
    "Connecting after your comment on Priya's post about private label - I'm in the same space and we seem to follow the same people.",
    "Hi Robin! Exchange year in Leeds, 2008, we shared a kitchen in halls. Can't believe it's you. How have you been?",
    "Hi Robin, I organise the Growth & Grub meetup in Eindhoven. We'd love more people from the brand side in the group.",
    "Just wanted to connect since we'll both be at the Food Marketing Summit in June. Maybe we'll bump into each other at the lunch.",
    "Hi Robin, your name popped up as someone I should know. I'm in the Amsterdam plant-based scene too. Good to connect. My profile, in case the invite looks odd: https://www.linkedin.com/in/ilse-vermeulen-0b7d2f",
    "Hey Robin, same team at Tessellate now - I started in supply chain on Monday! Figured I'd connect with everyone.",
    "Hola Robin, coincidimos en Alimentaria en Barcelona. Un placer conectar contigo.",
    "Hi Robin, we both volunteer for the food bank fundraising committee - I'm the one with the spreadsheets. Nice to connect here as well.",
    "Hello Robin, I was on the other side of the table when you negotiated that national listing in 2022 (I was at the distributor). No hard feelings, ha. Let's stay in touch.",
    "Robin, we met at Sophie's leaving drinks last Friday. Lovely to meet you!",
    "Hi Robin, I look after the 'Aisle Talk' listeners' Discord and saw you're in there too. Connecting with the regulars.",
    "Hey, ex-Tessellate here (2017-2020, sales). Still love the brand. Great to see how it's grown.",
    "Hi Robin, we're both mentors on the food track this year, so I thought we should be connected before the kickoff.",
    "Good afternoon Robin, we met at the trade mission dinner in Copenhagen. It was a pleasure.",
    "Hi Robin, I sit two desks away from your old team at the agency. They still quote your briefs! Thought I'd say hi.",
]

LEARN = [
    "Hi Robin, your post on pricing the oat bars at €2.49 instead of €1.99 was fascinating. How did you convince the retailers? I'd love to learn how you think about it.",
    "I'm a marketing student at Erasmus and I've been reading Shelf Life every week. Could I ask you a couple of questions about getting into growth roles in food?",
    "Loved your talk at FoodTech Rotterdam on retail media. Any chance you'd share the slides? I'd like to go through the attribution part again.",
    "Hi Robin, I'm moving from agency side into an in-house brand role next month. Would you have 20 minutes to share what you wish you'd known when you made that switch?",
    "Your thread about a growth team of three that outperforms a team of ten really stuck with me. How did you decide which roles to hire first?",
    "Hey Robin, big fan of the newsletter. The issue about sampling economics was gold. Do you have any reading recommendations on trade marketing?",
    "Hi Robin, I'm a junior brand manager and I'd love a mentor who has grown a challenger brand. Would you be open to a monthly chat? Happy to work around your schedule - my email is j.devries@example.net.",
    "Could I pick your brain on how you set up the retailer data partnership? We're trying something similar at a much smaller scale.",
    "Your episode on the Aisle Talk podcast was the best 40 minutes of my week. I'd love to hear more about how you run experiments in physical retail.",
    "hi robin!! just finished my thesis on plant based snacks and your posts helped so much. would love any advice on where to start my career :)",
    "Dear Robin, I lead a small marketing team at a family-owned bakery and your writing on brand architecture has been very useful. May I ask how you structure your quarterly planning?",
    "Hi Robin, I keep coming back to your post on the 'boring middle' of growth. Would you share how you keep a team motivated during that phase?",
    "Hello Robin, I'm switching careers from finance into marketing and your story is really encouraging. Any tips for someone starting at 34?",
    "Hi Robin, I attended your workshop last month. Could you recommend how to go deeper on the cohort analysis you showed?",
    "Your breakdown of the TikTok campaign numbers was so clear. I'd love to follow your thinking on paid social for FMCG.",
    "Hi Robin, I'm an intern in the growth team at a drinks start-up. I'd be grateful for any advice on which skills to focus on in my first year.",
    "Bonjour Robin, j'ai adoré votre article sur la distribution en grande surface. Auriez-vous quelques conseils pour une jeune marque comme la nôtre ?",
    "Hi Robin, how did you learn SQL as a marketer? Your post said it changed your career and I'm trying to do the same.",
    "Great keynote in Utrecht! I'm curious how you decide when a test result is strong enough to roll out nationally. Could I ask a follow-up question or two?",
    "Hi Robin, I run marketing for a two-person kombucha brand. Your newsletter is basically my MBA. I'd love to learn more about how you approach distributor negotiations.",
    "Robin, your post on writing briefs that agencies actually read was spot on. Do you have an example you'd be willing to share?",
    "Hello, I'm a graduate trying to choose between product marketing and brand marketing. I've read a lot of your posts and trust your view. Would you be open to a short chat?",
    "Hi Robin, I'm preparing a talk for my team about retail media and your article was my main inspiration. Can I ask how you measured incrementality?",
    "Hey Robin, I noticed you moved from a multinational to a scale-up. I'm considering the same jump. What helped you most in the first 6 months?",
    "Hallo Robin, ich verfolge deine Beiträge zu Growth Marketing im Lebensmittelhandel. Hättest du einen Buchtipp für jemanden, der gerade anfängt?",
    "Loved the carousel on your 5 favourite growth experiments. Would love to hear more about number 3, the QR code on the pack.",
    "Hi Robin, I'm on a marketing traineeship and my manager recommended your newsletter. I'd love to connect and keep learning from your posts.",
    "Your way of explaining contribution margin to non-finance people is the clearest I've seen. Any other resources you'd recommend on unit economics for brands?",
    "Hi Robin - quick question if you have a minute: how do you prioritise between trade spend and brand spend when budgets get cut? Really enjoyed your post on it.",
    "I'm a final-year student at Wageningen. Your guest lecture last term made me want to work in food marketing. Could I ask you for advice on first jobs?",
    "Robin, enjoyed your post about ditching the funnel. I'd love to understand your alternative model better, have you written more about it?",
    "Hi Robin, I'm a self-taught marketer at a small cheese shop chain. Your posts are teaching me a lot. Following along and hoping to learn more!",
    "Hi! Aspiring brand manager here. Would you be willing to look at my case study? Just looking for honest feedback so I can improve.",
    "Hey Robin, how do you structure your week as head of growth? I'm newly promoted and drowning a bit. Would really value your perspective.",
    "Iâ€™m a big fan of your newsletter, Robin. Could you share how you pick which experiments to run each quarter?",
]

AVOID = [
    "Hi Robin, I read your post-mortem on the oat-bar recall. We're about to launch our first bar with a new co-packer. What would you check that you didn't check then?",
    "Your post claimed retail media is a waste for small brands. I strongly disagree, it worked for us, but I want to understand the failure cases you saw. Open to a chat?",
    "Robin, you wrote that your subscription box lost money for a year. We're considering launching one. What were the warning signs you missed?",
    "Hi Robin, I'm a first-time founder and I collect stories of launches that went wrong. Yours with the discounter listing was painful to read. What would you do differently?",
    "I think your take on discounting is wrong for our category, but you've clearly thought about it more. What went wrong when you tried to stop promotions?",
    "Hey Robin, I think we're repeating the mistake you described with the agency retainer. How did you realise it wasn't working and how did you get out?",
    "Hi Robin, I work in food safety compliance and I'm gathering lessons from recalls for a training session. Would you be willing to share what went wrong in your case?",
    "Your post about the failed Germany expansion was brave. We're about to enter Germany next spring. Which pitfalls would you warn us about?",
    "Hello Robin, I'm on the other side of your argument about influencer marketing. I'd like to hear the strongest case against it from someone who tried it and stopped.",
    "Hi, you mentioned a packaging redesign that cut sales by 20%. We're about to redesign ours. What should we test first so we don't repeat that?",
    "Robin, I'm writing a series on growth experiments that backfired. Your price increase story would be a great example of what not to do. What did you learn?",
    "Hi Robin, we tried the same community-led approach you did and it flopped for us too. I'd love to compare notes on why, so we don't make a third mistake.",
    "what went wrong with the vending machine pilot?? asking because my boss wants to try the exact same thing in Q3",
    "Hi Robin, I disagree with your view that brands should never go direct-to-consumer, but I'd like to understand the failure you're basing it on.",
    "Hoi Robin, jullie eerste webshop is toch mislukt? Wij staan op het punt er een te bouwen. Wat zou je anders doen?",
    "Hi Robin, I'm a risk manager at a food distributor and I collect failure stories from brands. Your post on the stock-out during the Christmas campaign is exactly the kind of thing I look for.",
    "You said the biggest mistake of your career was hiring too fast in 2021. We're about to double the team. How do I avoid the same trap?",
    "Hello Robin, we had a supplier go bankrupt mid-launch, just like you described. In hindsight, what would you have put in the contract?",
    "Hi Robin, your post said 'never launch in January'. We're launching in January. Can you tell me what exactly went wrong so we can plan around it?",
    "Robin, playing devil's advocate here: I think your stance against subscriptions is too harsh. But I'd really like to hear what broke for you.",
    "Hi Robin, I'm preparing a pre-mortem for our rebrand and your article about the backlash to yours is on my reading list. What early signals did you ignore?",
    "Hey Robin, one of the lessons you shared was about the sampling campaign that never converted. We're planning a sampling tour - what would you tell your past self?",
    "Hi Robin, founder of a small granola brand here. I'm trying to learn from other people's expensive mistakes before I make my own. Your stories are the most honest I've found.",
    "Robin, I work in audit and I'm interested in how marketing teams miss compliance issues in claims. Your 'high protein' label story was a good example. Could you tell me more?",
    "Hi Robin, we copied your loyalty app idea and it isn't working. Before we throw more money at it: what made you shut yours down?",
]

SELL = [
    "Hi Robin, we help food brands like Tessellate get into 300+ convenience stores across the Benelux within 90 days. Worth a 15-minute call next week?",
    "Hey Robin, noticed Tessellate is growing fast. Our retail analytics platform shows shelf share by store in real time. Can I show you a quick demo?",
    "Hello Robin, I'm a freelance food photographer with 10 years of packaging shoots behind me. Portfolio at www.example.com/portfolio. Would love to work with your team.",
    "Hi Robin, I'm reaching out because I'm looking for a new growth marketing role. I've led paid social for two FMCG brands. Would you consider me for anything on your team?",
    "Dear Robin, we are a certified organic ingredients supplier from Poland with competitive prices on oats and seeds. Can I send you our price list?",
    "Robin - loved your post about the QR code experiment! By the way, we build interactive packaging experiences. Happy to share a free concept for your next pack.",
    "Hi Robin, I'm raising a seed round for a zero-waste snack brand and I know you invest as an angel now and then. Could I send you the deck?",
    "Hi Robin, our agency specialises in TikTok creators for food brands. Clients see 3x ROAS on average. Open to a chat about Q3?",
    "Hey Robin, we just launched an AI tool that writes retailer sell-in decks in minutes. Free trial for the first 10 marketing leads, want in?",
    "Hi Robin, I'm a recruitment consultant specialising in FMCG marketing talent. If you're hiring this year, we can get a shortlist to you in 5 days. Fees only on success.",
    "Hello Robin, I offer fractional CMO services for food scale-ups. Happy to share how I helped a juice brand double revenue in 18 months.",
    "Hi Robin, we're a Dutch co-packer with spare capacity on our bar line from September. Would Tessellate be interested in a quote?",
    "Robin, can I get 10 minutes of your time to show you how we cut sampling costs by 40% with smart vending? Call me on +31 6 5550 1234 whenever suits.",
    "Hi Robin, I've just started my own consultancy helping brands with retail execution after 12 years at a supermarket chain. If you ever need support, I'd be glad to help.",
    "Hi Robin! We run a B2B lead generation service for food and beverage companies. We book 15-20 qualified meetings a month for our clients. Would that be useful?",
    "Hello Robin, I'm a freelance copywriter for food and drink brands. Available from next month for packaging copy, newsletters and web. Samples on request.",
    "Hi Robin, my start-up turns surplus bread into crackers. We're looking for brand partners and investors and I think there's a great fit with Tessellate's mission.",
    "Dear Mr Achterberg, please find attached our company profile. We are a leading provider of sustainable packaging solutions in Europe and would welcome the opportunity to present our range.",
    "Hi Robin, our consumer research panel has 40,000 plant-based shoppers in NL and DE. We can run a concept test for you in a week. Interested?",
    "Hey Robin, I'm a data analyst looking for my next opportunity in a mission-driven food company. Would you be able to refer me or point me to the right person at Tessellate?",
    "Hi Robin, we're organising the Plant Forward Summit and have a few exhibitor spots left at the early-bird rate. Shall I send you the sponsorship pack?",
    "Robin, quick one: we help marketing teams automate retailer reporting. Most teams save 2 days a month. Worth a look? You can book straight into my calendar at https://calendly.com/example-demo",
    "Hi Robin, I'm a brand designer and I love what you're doing with Tessellate. I put together a few ideas for a refresh of your multipack, would you like to see them?",
    "Hello Robin, I represent a franchise opportunity in healthy vending across Belgium. Low investment, high returns. Can we schedule a call to discuss?",
    "Hi Robin, we're a marketing operations team in Kraków. We can take over campaign setup, reporting and creative resizing at a third of the cost. Open to hearing more?",
    "Hi Robin, it's launch day for our pricing-analytics app for CPG brands! Would mean a lot if you checked it out and gave us an upvote.",
    "Dear Robin, I am a logistics broker offering temperature-controlled trucking between NL, DE and FR at very competitive rates. May I send you an offer?",
    "Hey Robin, I've just published a book on challenger brand marketing. Happy to send signed copies for your team, 20% off for orders of 5+.",
    "Hi Robin, our trade promotion software is used by 3 of the top 10 snack brands in Europe. I'd love to show you a 20-min demo tailored to Tessellate.",
    "Hi Robin, I'm a growth marketer with experience in CPG and DTC, currently open to freelance projects. Let me know if you need an extra pair of hands.",
    "Hola Robin, somos una agencia de marketing digital en Madrid especializada en alimentación. ¿Te interesaría una propuesta para entrar en el mercado español?",
    "Hi Robin - our influencer gifting platform handles shipping, tracking and content rights in one place. Can I get you a free pilot for one campaign?",
    "Hello Robin, I coach marketing leaders on executive presence. The first session is free. Would you like to book one?",
    "Hi Robin, we make short documentary-style brand films for sustainable food companies. Showreel: vimeo.com/example. Could we talk about your autumn campaign?",
    "Hi Robin, I'm the founder of a protein crisp start-up and we'd love to be an ingredient in your bars. Can I send samples?",
    "Robin, I'm looking for a product marketing role and I'd really like to work at Tessellate. I've attached my CV - would you consider me for any open positions?",
    "Hi Robin, we're a translation agency for packaging and labels in 24 languages, fully compliant with EU labelling rules. Could we quote for your next export market?",
    "Hey Robin, want more reach on LinkedIn? I ghostwrite posts for food industry leaders. My clients grow 3x followers in 6 months. DM me for examples.",
    "Hi Robin, we're offering a handful of partners our new compostable wrapper before general release. Shall I reserve a sample kit for Tessellate?",
    "Hello Robin, I sell retail display units and our new shelf-ready cardboard trays could fit your range perfectly. When would suit for a short intro call?",
    "Hi Robin, our start-up is raising a €1.5M pre-seed for a smart-fridge retail network. Given your background, we'd value you as an advisor and investor. Can I send the one-pager?",
    "Hi Robin, I'm a videographer available for freelance shoots in the Randstad this spring. Rates on request, reach me at lotte.film@example.com or 07700 900412.",
    "Hi Robin, we run a nutrition claims consultancy and can review your packs for EU compliance in 48h. Can I send you our service overview?",
    "Robin, just wanted to put our CRM on your radar - it's built for food brands selling to independent retailers. I'd love 15 minutes to walk you through it.",
    "Hi Robin, we're a search agency and we noticed a few quick wins in Tessellate's search ads. Shall I send you a free audit?",
]

BUY = [
    "Hi Robin, I'm Head of Talent at a plant-based dairy scale-up in Berlin. We're looking for a VP Growth and your profile stood out. Open to a confidential conversation?",
    "Hello Robin, we're a small coffee roaster and we'd like to hire you as a consultant for our retail launch. Do you take on advisory projects, and what do you charge?",
    "Hi Robin, I organise the Nordic Food Marketing Conference and we'd love you as a keynote speaker in October. We cover travel and a speaker fee. Interested?",
    "Hi Robin, I'm sourcing snack suppliers for our office catering in 40 locations. Could Tessellate quote for a monthly order of around 8,000 bars?",
    "Robin, we run an expert network and a client would pay for a one-hour call about retail media in the Dutch grocery market. Would you be available next week?",
    "Hi Robin, I'm a buyer for a chain of 120 health food stores in Germany. We'd like to list your oat bars. Who should I talk to about wholesale pricing?",
    "Hello Robin, we're looking for a mentor-in-residence for our food accelerator programme, paid at a day rate. Would you consider it?",
    "Hi Robin, I'm a recruiter at a global beverage company. We're hiring a Director of Growth for the Benelux and I think you'd be a great fit. Can we set up a call? Direct line +44 7700 900318.",
    "Hi Robin, our airline is reviewing onboard snack suppliers for next year. Could you send a proposal with pricing for individually wrapped products?",
    "Hello Robin, I host the 'Brand Builders' podcast. Would you like to come on as a guest to talk about growth in FMCG? We'd schedule around you.",
    "Hi Robin, we'd like to commission a guest article from you for our trade magazine on retail media. We pay €400 per article. Would you be up for it?",
    "Hi Robin, we're a hotel group looking for a healthy snack range for the minibars in our 60 hotels. Can we get a quote and samples?",
    "Hi Robin, I'm the procurement manager for a university catering service. We're tendering for plant-based snacks and would like Tessellate to bid. Can I send you the tender documents?",
    "Robin, I lead talent acquisition at a Series B food-tech. We're building our first growth team and would love you to lead it. Open to hearing more?",
    "Hi Robin, our board is looking for a non-executive director with consumer brand experience. Would you be interested in discussing the role?",
    "Hey Robin, we run corporate workshops and a client asked for a half-day session on growth marketing. Would you deliver it for a fee? Dates are flexible.",
    "Hello Robin, I'm sourcing private-label bars for a supermarket chain in Scandinavia. Does Tessellate make private label? Volumes would be significant.",
    "Hi Robin, we'd love to buy the sponsorship slot in your 'Shelf Life' newsletter for Q4. Could you share your media kit and rates?",
    "Hi Robin, I'm looking for a freelance growth advisor for 2 days a month for our juice brand. Would you be open to it? Happy to pay your usual rate.",
    "Hi Robin, we're an online grocer in Belgium and want to add Tessellate's full range. Can you put me in touch with your wholesale team or send a price list?",
    "Bonjour Robin, nous cherchons un consultant pour accompagner le lancement de notre marque aux Pays-Bas. Seriez-vous disponible et à quel tarif ?",
    "Hi Robin, I'm an executive search partner working on a CMO search for a listed food company. You came highly recommended. Could we talk this week? My number is (555) 010-2231.",
    "Hello Robin, our gym chain wants to stock healthy snacks at 85 locations. Could you send us your B2B price list and minimum order quantities?",
    "Hi Robin, we'd like to license the photos from your oat bar campaign for a trade show booth. Who owns the rights and what would it cost?",
    "Hi Robin, would you be a paid judge for the European Snack Awards this year? Two days of tastings in Brussels, honorarium included.",
    "Hi Robin, I'm hiring a Head of Marketing for a fast-growing bakery chain and I'd love you to consider it. Can I send you the brief? Or email me: m.okafor@example.org",
    "Hallo Robin, wir suchen einen Lieferanten für vegane Riegel für unsere 30 Filialen. Können Sie uns ein Angebot schicken?",
    "Hi Robin, we're building a course on FMCG growth and would like to pay you to record two modules. Would you be interested?",
    "Hello Robin, I manage vending for a hospital network and we're looking for healthier products. Could Tessellate supply us? What are your terms?",
    "Hi Robin, our investment firm would like to retain you as an industry advisor for due diligence on a snack acquisition. Paid engagement, about 10 hours. Available?",
]

# Mass outreach: the same text from several senders, with the small changes such tools make.
TEMPLATES = [
    (
        "sell",
        "{hi} Robin, I came across your profile and was impressed by your experience. We help food and beverage companies "
        "generate 20+ qualified B2B leads every month with our done-for-you outbound system. Would you be open to a quick "
        "15-minute call this week to see if it could work for {co}?{sign}",
        6,
        (3, 9),
    ),
    (
        "sell",
        "{hi} Robin, hope you are doing well. We are a software development company with 200+ engineers offering dedicated "
        "teams for web and mobile projects at competitive rates. Let me know if you have any requirement, happy to share "
        "our portfolio.{sign}",
        5,
        (2, 10),
    ),
    (
        "buy",
        "{hi} Robin, I'm recruiting for a Head of Growth role at a fast-growing consumer brand in Amsterdam (up to €140k + "
        "equity). Your background looks like a strong match. Are you open to a confidential chat?{sign}",
        4,
        (5, 6),
    ),
    (
        "network",
        "{hi} Robin, I'm looking to expand my network with marketing professionals in the food and beverage industry. "
        "Would be great to connect and support each other!{sign}",
        5,
        (1, 12),
    ),
]
SPONSORED = (
    '<p class="spinmail-quill-editor__spin-break">Hi %FIRSTNAME%,</p><p></p><p>Join our free 45-minute webinar '
    "&quot;Retail media measurement in 2025&quot; and learn how leading CPG brands prove incrementality. Seats are "
    "limited - register today and get our benchmark report.</p>"
)

FOLLOW_UPS = [
    "Just bumping this up in case it got buried!",
    "Thanks Robin, that's really helpful.",
    "No worries if you're busy, whenever suits.",
    "Great, I'll send a calendar invite for Tuesday.",
    "Sorry, one more thing - could you also share the deck from the session?",
    "Following up on my previous message :)",
    "Perfect, talk soon!",
    "Cheers, appreciate the quick reply.",
    "Any thoughts on this?",
    "Understood, thanks for letting me know.",
]
MY_REPLIES = [
    "Thanks for reaching out! Happy to connect.",
    "Hi, thanks - not right now, but I'll keep you in mind.",
    "Sure, send me a couple of times that work next week.",
    "Thanks for the kind words, glad it was useful.",
    "Good to hear from you! Let's grab a coffee soon.",
    "We're covered on that front for now, thanks.",
    "Happy to help - can you send me your questions here first?",
    "Ha, small world! Great to reconnect.",
    "Appreciate it. Let me check with the team and get back to you.",
    "Sounds interesting, can you send more details by email?",
]
MY_OPENERS = [
    "Great meeting you at the breakfast this morning. Let's stay in touch!",
    "Saw you've started a new role - congratulations!",
    "Would you have time next week to talk about the co-packing capacity you mentioned?",
    "Thanks for accepting my invitation! I enjoyed your talk on shopper data.",
    "Do you know anyone who's good at retail media attribution? Looking for a freelancer.",
    "Following up on our chat at Anuga, here's the article I mentioned.",
    "Are you still organising the growth meetup? I'd be happy to give a talk.",
    "We're hiring a growth analyst - would you be interested or know someone?",
    "Happy new year! Fancy a catch-up in January?",
    "Congrats on the funding round, well deserved.",
]
THEIR_ANSWERS = [
    "Thanks Robin, great to be connected!",
    "Haha thanks, still settling in.",
    "Sure, how about Wednesday at 10?",
    "Glad you liked it! Happy to share the slides.",
    "Let me think about it and come back to you.",
]
MY_INVITES = ["", "", "", "Hi, great to meet you today!", "Enjoyed your post on shelf data - would love to connect."]

# --- invented people --------------------------------------------------------------------------------------------------
FIRST = (
    "Anouk Bram Carmen Daan Eline Femke Gijs Hanna Ilse Joost Kim Lars Maud Niels Olga Pim Quinten Roos Sanne Tijs "
    "Ugo Vera Wouter Xena Yara Zoë Amara Bilal Chiara Dmitri Emre Farah Giulia Hamza Ines Jonas Katya Luca Maren "
    "Nadia Omar Paula Rafael Selin Tomás Uma Viktor Wen Yusuf Aisha Björn Cleo Diego Elif Fatima Gustav Hiro Ivana "
    "José Kaito Leila Mateo Nora Oskar Priya Renée Sven Tanvi Ulla Valentina Wiktor Ximena Yannick Zara Łukasz "
    "Siobhán Ayşe Malik Greta Ruben Noor Jasper Lotte Stijn Mila Floor Thijs"
).split()
LAST = (
    "Bakker Visser Smit Mulder Bos Vos Dekker Jansen Peters Hendriks Dijkstra Kok Brouwer Willems Schouten Meijer "
    "Kowalski Novak Rossi Moreau Lambert Fischer Weber Schneider Ivanova Horvat Costa Silva Okafor Mensah Haddad "
    "Nakamura Tanaka Chen Lindqvist Berg Nielsen Larsen Murphy Byrne Kelly Walsh Patel Shah Kaur Yilmaz Demir "
    "García Navarro Romero Duarte Ferreira Laurent Girard Janssens Claes Maes Wouters Aalto Virtanen Horvath Nagy "
    "Popescu Dimitrov Papadopoulos Ahmed Khan Rahman Osei Adeyemi Boateng Hughes Evans Carter Brooks"
).split()
COMPANIES = {
    "network": [
        "Nordhaven Foods",
        "Greenlane Beverages",
        "Polder Snacks",
        "Utrecht Food Lab",
        "Mill & Grain",
        "Oatfield Dairy",
        "Kanaal Coffee",
        "Stroop Bakeries",
        "Veld Organics",
        "Tessellate Foods",
        "Dune Drinks",
        "Haven Logistics",
        "Brightwater Brands",
        "Tulip Retail Group",
        "Fjord Fisheries",
        "Saffron & Salt",
        "Copper Kettle Teas",
    ],
    "sell": [
        "Kestrel Growth Agency",
        "Shelfsight Analytics",
        "Pipeline Partners",
        "Outbound Orbit",
        "Crate & Pallet Logistics",
        "Brandforge Studio",
        "PackSmart Solutions",
        "Loop Lead Gen",
        "Northstar Consulting",
        "Pixel Harvest Media",
    ],
    "buy": [
        "Harwell Food Service",
        "Skyline Airways Catering",
        "Campus Dining Group",
        "FitNation Gyms",
        "Nordic Grocers",
        "Talentbridge Search",
        "Vitalis Health Stores",
        "Hotel Meridian Group",
    ],
    "learn": ["Erasmus University", "Wageningen University", "Amsterdam Business School", "Growth Academy"],
    "avoid-mistakes": ["Safeguard Audit", "FoodSafe Compliance", "Riskwise Advisory"],
}
POSITIONS = {
    "network": [
        "Brand Manager",
        "Senior Brand Manager",
        "Marketing Director",
        "Category Manager",
        "Supply Chain Planner",
        "Food Technologist",
        "Product Developer",
        "Operations Manager",
        "Head of Marketing",
        "Chief Operating Officer",
        "Co-founder & CEO",
        "Finance Manager",
        "Data Analyst",
        "Software Engineer",
        "Consumer Insights Manager",
        "Packaging Engineer",
        "Trade Marketing Manager",
        "E-commerce Manager",
        "Quality Assurance Manager",
        "Head of R&D",
        "Nutritionist",
        "Executive Chef",
        "Communications Manager",
        "Community Manager",
        "HR Business Partner",
        "Logistics Coordinator",
        "Project Manager",
        "Creative Director",
        "Shopper Marketing Manager",
        "Sustainability Lead",
        "Regulatory Affairs Specialist",
        "Event Organiser",
    ],
    "sell": [
        "Account Executive",
        "Business Development Manager",
        "Sales Director",
        "Key Account Manager",
        "Partnerships Manager",
        "Founder & Managing Director",
        "Growth Consultant",
        "Senior Account Executive",
        "Sales Development Representative",
        "Freelance Copywriter",
        "Agency Owner",
    ],
    "buy": [
        "Procurement Manager",
        "Category Buyer",
        "Senior Buyer",
        "Talent Acquisition Partner",
        "Recruiter",
        "Sourcing Specialist",
        "Purchasing Manager",
        "Executive Search Consultant",
    ],
    "learn": ["Student", "Marketing Intern", "Graduate Trainee", "MSc Student", "Marketing Trainee"],
    "avoid-mistakes": ["Risk Manager", "Internal Auditor", "Compliance Officer", "Food Safety Auditor"],
}
MOJIBAKE_NAMES = {"José", "Zoë", "Björn"}  # written as a Windows-1252 re-save would (JosÃ©), as some exports show


class People:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = {" ".join(ME)}

    def new(self, motive: str = "network") -> dict[str, str]:
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if f"{first} {last}" not in self.used:
                break
        self.used.add(f"{first} {last}")
        pool = motive if rng.random() < 0.7 else "network"
        slug = f"{_ascii(first)}-{_ascii(last)}-{rng.getrandbits(24):06x}".lower()
        return {
            "first": first,
            "last": last,
            "url": f"https://www.linkedin.com/in/{slug}",
            "company": rng.choice(COMPANIES[pool]),
            "position": rng.choice(POSITIONS[pool]),
        }


def _ascii(s: str) -> str:
    import unicodedata

    s = s.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode() or "x"


def _name(p: dict[str, str], mangle: bool = False) -> tuple[str, str]:
    first = p["first"]
    if mangle and first in MOJIBAKE_NAMES:
        first = first.encode("utf-8").decode("cp1252")
    return first, p["last"]


def _when(rng: random.Random, months: tuple[int, int] = (1, 12)) -> datetime:
    month = rng.randint(*months)
    return datetime(2025, month, rng.randint(1, 28), rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59))


def _sent_at(d: datetime) -> str:  # Invitations.csv: 1/29/26, 2:37 PM
    h = d.hour % 12 or 12
    return f"{d.month}/{d.day}/{d:%y}, {h}:{d:%M} {'AM' if d.hour < 12 else 'PM'}"


def _template_text(tpl: str, sender: dict[str, str], rng: random.Random) -> str:
    sign = rng.choice(
        [
            "",
            f"\n\nBest,\n{sender['first']}",
            f" Thanks, {sender['first']}",
            f"\n\nKind regards,\n{sender['first']} {sender['last']}",
        ]
    )
    return tpl.format(
        hi=rng.choice(["Hi", "Hello", "Hi", "Hey"]),
        co=rng.choice(["Tessellate", "Tessellate Foods", "your team"]),
        sign=sign,
    )


def build() -> dict[str, bytes]:
    rng = random.Random(SEED)
    people = People(rng)
    invitations: list[dict[str, str]] = []  # rows with a datetime under "_d"
    conversations: list[list[dict[str, str]]] = []
    connections: list[tuple[dict[str, str], datetime, str]] = []
    me_name = " ".join(ME)

    def invite(p: dict[str, str], text: str, d: datetime, accept: float) -> None:
        first, last = _name(p, mangle=True)
        invitations.append(
            {
                "From": f"{first} {last}",
                "To": me_name,
                "_d": d,
                "Message": text,
                "Direction": "INCOMING",
                "inviterProfileUrl": p["url"],
                "inviteeProfileUrl": ME_URL,
            }
        )
        if rng.random() < accept:
            connections.append((p, d + timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 20)), ""))

    def conversation(p: dict[str, str], first: str, d: datetime, folder: str = "INBOX", accept: float = 0.5) -> None:
        cid = "2-" + hashlib.sha256(f"{p['url']}{d}".encode()).hexdigest()[:28] + "=="
        rows = [_msg(cid, p, d, first, folder)]
        t = d
        if rng.random() < 0.6:
            t += timedelta(hours=rng.randint(2, 70))
            rows.append(_msg(cid, None, t, rng.choice(MY_REPLIES), folder, to=p))
            if rng.random() < 0.5:
                t += timedelta(hours=rng.randint(1, 48))
                rows.append(_msg(cid, p, t, rng.choice(FOLLOW_UPS), folder))
        elif rng.random() < 0.3:
            rows.append(_msg(cid, p, t + timedelta(days=rng.randint(3, 9)), rng.choice(FOLLOW_UPS), folder))
        conversations.append(rows)
        if rng.random() < accept:
            connections.append((p, d - timedelta(days=rng.randint(1, 200)), ""))

    pools = {"network": NETWORK, "learn": LEARN, "avoid-mistakes": AVOID, "sell": SELL, "buy": BUY}
    for motive, texts in pools.items():
        texts = texts[:]
        rng.shuffle(texts)
        cut = round(len(texts) * 0.6)
        for text in texts[:cut]:
            invite(people.new(motive), text, _when(rng), accept=0.75 if motive != "sell" else 0.35)
        for text in texts[cut:]:
            p = people.new(motive)
            conversation(p, text, _when(rng), folder="SPAM" if motive == "sell" and rng.random() < 0.1 else "INBOX")
            if rng.random() < 0.15:  # some of them had also sent an invitation, without a note
                invite(p, "", _when(rng), accept=1.0)
    for motive, tpl, n, waves in TEMPLATES:  # each campaign reaches the inbox in two waves
        for i in range(n):
            p = people.new(motive)
            month = waves[0] if i < n / 2 else waves[1]
            if i % 3 == 2:
                conversation(p, _template_text(tpl, p, rng), _when(rng, (month, month)), accept=0.2)
            else:
                invite(p, _template_text(tpl, p, rng), _when(rng, (month, month)), accept=0.2)
    for _ in range(2):  # sponsored InMail: HTML content, no sender profile URL
        p = people.new("sell")
        p["url"] = ""
        conversation(p, SPONSORED, _when(rng, (4, 5)), accept=0.0)
    for motive in ["network"] * 22 + ["sell"] * 10 + ["buy"] * 6 + ["learn"] * 5 + ["avoid-mistakes"] * 2:
        invite(people.new(motive), "", _when(rng), accept=0.7)  # invitations without a message
    for _ in range(25):  # my own invitations
        p = people.new("network")
        invitations.append(
            {
                "From": me_name,
                "To": " ".join(_name(p)),
                "_d": _when(rng),
                "Message": rng.choice(MY_INVITES),
                "Direction": "OUTGOING",
                "inviterProfileUrl": ME_URL,
                "inviteeProfileUrl": p["url"],
            }
        )
        if rng.random() < 0.8:
            connections.append((p, invitations[-1]["_d"] + timedelta(days=rng.randint(0, 9)), ""))
    for i in range(18):  # conversations I started
        p = people.new("network")
        d = _when(rng)
        cid = "2-" + hashlib.sha256(f"me{i}{d}".encode()).hexdigest()[:28] + "=="
        rows = [_msg(cid, None, d, MY_OPENERS[i % len(MY_OPENERS)], "INBOX", to=p)]
        if rng.random() < 0.7:
            rows.append(_msg(cid, p, d + timedelta(hours=rng.randint(1, 30)), rng.choice(THEIR_ANSWERS), "INBOX"))
        conversations.append(rows)
        connections.append((p, d - timedelta(days=rng.randint(1, 300)), ""))
    # An unsent draft of mine, and a conversation whose first message was only an attachment.
    p = people.new("network")
    d = _when(rng)
    conversations.append(
        [
            {
                **_msg("2-draft0000000000000000000000000==", None, d, "Hi, quick question about", "INBOX", to=p),
                "IS MESSAGE DRAFT": "Yes",
            }
        ]
    )
    p = people.new("learn")
    d = _when(rng)
    cid = "2-attach000000000000000000000000=="
    conversations.append(
        [
            _msg(cid, p, d, "", "INBOX"),
            _msg(
                cid,
                p,
                d + timedelta(minutes=1),
                "Hi Robin, attached is the case study I mentioned after your talk - I'd be grateful for any pointers on how to make the retail section stronger.",
                "INBOX",
            ),
        ]
    )
    # Older connections, made before this year's inbox.
    for _ in range(150):
        motive = rng.choices(list(POSITIONS), weights=[70, 8, 8, 10, 4])[0]
        p = people.new(motive)
        connections.append((p, datetime(rng.randint(2014, 2024), rng.randint(1, 12), rng.randint(1, 28)), ""))
    for p, _d, _e in rng.sample(connections, 24):  # a few connections let their e-mail address be exported
        p["email"] = (
            f"{_ascii(p['first']).lower()}.{_ascii(p['last']).lower()}@example.{rng.choice(['com', 'org', 'net'])}"
        )

    return {
        "Connections.csv": _connections_csv(connections, rng),
        "Invitations.csv": _invitations_csv(invitations),
        "messages.csv": _messages_csv(conversations),
        "Profile.csv": _csv(
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                [
                    ME[0],
                    ME[1],
                    "",
                    "",
                    "",
                    ME_HEADLINE,
                    "Growing a challenger snack brand.",
                    "Food and Beverage Services",
                    "",
                    "Utrecht, Netherlands",
                    "",
                    "",
                    "",
                ]
            ],
        ),
    }


def _msg(
    cid: str, p: dict[str, str] | None, d: datetime, text: str, folder: str, to: dict[str, str] | None = None
) -> dict[str, str]:
    me = {"first": ME[0], "last": ME[1], "url": ME_URL}
    sender, recipient = (p, me) if p is not None else (me, to or me)
    return {
        "CONVERSATION ID": cid,
        "CONVERSATION TITLE": "",
        "FROM": " ".join(_name(sender)),
        "SENDER PROFILE URL": sender["url"],
        "TO": " ".join(_name(recipient)),
        "RECIPIENT PROFILE URLS": recipient["url"],
        "DATE": d.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "SUBJECT": "",
        "CONTENT": text,
        "FOLDER": folder,
        "IS MESSAGE DRAFT": "No",
    }


def _csv(header: list[str], rows: list[list[str]], quote_all: bool = False) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _connections_csv(connections: list[tuple[dict[str, str], datetime, str]], rng: random.Random) -> bytes:
    seen, rows = set(), []
    for p, d, _ in sorted(connections, key=lambda t: t[1], reverse=True):
        if p["url"] in seen or not p["url"]:
            continue
        seen.add(p["url"])
        rows.append(
            [*_name(p, mangle=True), p["url"], p.get("email", ""), p["company"], p["position"], d.strftime("%d %b %Y")]
        )
    for i in sorted(rng.sample(range(len(rows)), 6), reverse=True):  # members who hid their profile: only the date
        rows.insert(i, ["", "", "", "", "", "", rows[i][-1]])
    notes = (
        "Notes:\n"
        '"This sample was made up for linkmotive. In a real export this line explains that e-mail addresses are only '
        'included for connections who allowed it."\n\n'
    )
    body = _csv(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"], rows)
    return notes.encode("utf-8") + body.rstrip(b"\n")  # LinkedIn leaves no newline after the last row


def _invitations_csv(invitations: list[dict[str, str]]) -> bytes:
    header = ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    rows = [
        [
            r["From"],
            r["To"],
            _sent_at(r["_d"]),
            r["Message"],
            r["Direction"],
            r["inviterProfileUrl"],
            r["inviteeProfileUrl"],
        ]
        for r in sorted(invitations, key=lambda r: r["_d"], reverse=True)
    ]
    return _csv(header, rows)


def _messages_csv(conversations: list[list[dict[str, str]]]) -> bytes:
    header = [
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
        "IS MESSAGE DRAFT",
    ]
    rows = [r for conv in conversations for r in conv]
    rows.sort(key=lambda r: r["DATE"], reverse=True)  # newest first, conversations interleaved
    return _csv(header, [[r[h] for h in header] for r in rows], quote_all=True)


def write(path: Path = OUT) -> Path:
    files = build()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 15, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return path


if __name__ == "__main__":
    out = write()
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
